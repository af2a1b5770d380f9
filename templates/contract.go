package templates

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// The template contract: what every generated report workbook carries so
// that it can be read back — by tonghop or any other tool — whatever an
// office suite did to it on the way. Readers use these names, never row
// numbers. README documents it.
const (
	// SheetGuide and SheetReport are the visible sheets.
	SheetGuide  = "Hướng dẫn"
	SheetReport = "Báo cáo"
	// SheetIdentity is the very hidden sheet holding the identity as
	// key/value rows in columns A and B (keys IdentityKey*).
	SheetIdentity = "tonghop"

	// Workbook-scoped defined names.
	NameUnitCode      = "DV_MA"  // the unit's code, shown in the report sheet
	NameUnitName      = "DV_TEN" // the unit's name, shown in the report sheet
	NameReporterName  = "NBC_HO_TEN"
	NameReporterTitle = "NBC_CHUC_VU"
	NameReporterPhone = "NBC_DIEN_THOAI"
	NameReporterEmail = "NBC_EMAIL"
	NameReportDate    = "NBC_NGAY"
	// NamePrefixIndicator + indicator id names each input cell: CT_C2.
	NamePrefixIndicator = "CT_"

	// Identity keys, both as custom document properties and as the keys
	// in column A of SheetIdentity.
	IdentityKeyCampaign    = "tonghop_chien_dich"
	IdentityKeyVersion     = "tonghop_phien_ban"
	IdentityKeyUnit        = "tonghop_ma_don_vi"
	IdentityKeyFingerprint = "tonghop_dau_van"

	// In the report sheet, column ColID holds each indicator's id (the STT
	// column) and column ColValue of the same row its input cell: the
	// fallback when a defined name was lost.
	ColID    = "A"
	ColValue = "D"
)

// Identity is what a generated workbook says it is.
type Identity struct {
	Campaign    string // Campaign.ID
	Version     string // Campaign.TemplateVersion
	Unit        string // unit code
	Fingerprint string // Campaign.Fingerprint of the unit's group
}

// IndicatorName returns the defined name of an indicator's input cell.
func IndicatorName(id string) string { return NamePrefixIndicator + id }

// Fingerprint identifies the form of a group: the campaign, the template
// version and the indicators on the form with their types. Two workbooks with
// the same fingerprint have the same input cells.
func (c *Campaign) Fingerprint(group string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", c.ID, c.TemplateVersion)
	for _, ind := range c.IndicatorsFor(group) {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", ind.ID, ind.Type, ind.Unit)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// IdentityOf returns the identity a generated workbook of the unit carries.
func (c *Campaign) IdentityOf(u *Unit) Identity {
	return Identity{Campaign: c.ID, Version: c.TemplateVersion, Unit: u.Code, Fingerprint: c.Fingerprint(u.Group)}
}
