package templates

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultCampaign(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Units); got != 130 {
		t.Errorf("units = %d, want 130", got)
	}
	wantGroups := map[string]int{"TU": 6, "SBN": 20, "VPDBQH": 1, "BC": 3, "LLVT": 3, "CTXH": 6, "DU": 12, "UBH": 8, "UBX": 71}
	if len(c.Groups) != len(wantGroups) {
		t.Errorf("groups = %d, want %d", len(c.Groups), len(wantGroups))
	}
	for g, n := range wantGroups {
		if got := len(c.UnitsOf(g)); got != n {
			t.Errorf("group %s has %d units, want %d", g, got, n)
		}
	}
	perDistrict := map[string]int{}
	for _, u := range c.UnitsOf("UBX") {
		perDistrict[u.Parent]++
	}
	want := map[string]int{"UBH-660": 8, "UBH-661": 7, "UBH-662": 8, "UBH-663": 10, "UBH-664": 12, "UBH-665": 9, "UBH-666": 11, "UBH-667": 6}
	for d, n := range want {
		if perDistrict[d] != n {
			t.Errorf("district %s has %d communes, want %d", d, perDistrict[d], n)
		}
	}
	if len(c.Indicators) != 24 || len(c.Rules) != 5 || len(c.Lists) != 3 {
		t.Errorf("indicators/rules/lists = %d/%d/%d", len(c.Indicators), len(c.Rules), len(c.Lists))
	}
	if len(c.IndicatorsFor("UBX")) != 21 || len(c.IndicatorsFor("BC")) != 19 || len(c.IndicatorsFor("SBN")) != 16 {
		t.Errorf("per group: UBX %d, BC %d, SBN %d", len(c.IndicatorsFor("UBX")), len(c.IndicatorsFor("BC")), len(c.IndicatorsFor("SBN")))
	}
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	if !c.PeriodStart.Equal(d(2023, 12, 15)) || !c.PeriodEnd.Equal(d(2024, 1, 31)) || !c.DataDeadline.Equal(d(2024, 4, 5)) || !c.WrittenDeadline.Equal(d(2024, 4, 10)) {
		t.Errorf("dates: %v %v %v %v", c.PeriodStart, c.PeriodEnd, c.DataDeadline, c.WrittenDeadline)
	}
	if strings.Join(c.SignerTitle, "|") != "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC" || c.SignerName != "Hoàng Mạnh Thắng" {
		t.Errorf("signer: %q %q", c.SignerTitle, c.SignerName)
	}
	if !c.OwesWrittenReport(c.Unit("TU03")) || !c.OwesWrittenReport(c.Unit("BC02")) || c.OwesWrittenReport(c.Unit("UBX-24643")) {
		t.Error("written-report duty wrong")
	}
}

func TestRules(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	r := &c.Rules[0]
	holds, applies, err := c.Check(r, Values{"C1": 40.0, "C2": 45.0})
	if err != nil || !applies || holds {
		t.Fatalf("C2>C1: holds=%v applies=%v err=%v", holds, applies, err)
	}
	if msg := c.Format(r, Values{"C1": 40.0, "C2": 45.0}); !strings.HasPrefix(msg, "C2 = 45 lớn hơn C1 = 40") {
		t.Errorf("message %q", msg)
	}
	if _, applies, _ := c.Check(r, Values{"C1": 40.0}); applies {
		t.Error("rule over an empty value fired")
	}
	in, err := c.InList(&c.Lists[0], Values{"A1": true, "A2": false})
	if err != nil || !in {
		t.Errorf("banner list: %v %v", in, err)
	}
	req, _ := c.RequiredNow(c.Indicator("A3"), Values{"A2": true})
	if !req {
		t.Error("A3 not required when A2")
	}
	req, _ = c.RequiredNow(c.Indicator("A3"), Values{"A2": false})
	if req {
		t.Error("A3 required when not A2")
	}
	w := &c.Rules[4]
	holds, applies, _ = c.Check(w, Values{VarReportDate: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)})
	if !applies || holds {
		t.Errorf("report-date warning: holds=%v applies=%v", holds, applies)
	}
}
