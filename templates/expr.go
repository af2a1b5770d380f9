package templates

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"tonghop/templates/vn"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// Expressions (rules, "required when", list conditions) are compiled once by
// expr-lang/expr against a typed environment: yes/no indicators are booleans,
// whole and number indicators float64, dates time.Time, texts strings. Besides
// the indicators an expression may read the report date and the campaign's
// dates, under these names.
const (
	VarReportDate = "NBC_NGAY"
	varStart      = "BAT_DAU"
	varEnd        = "KET_THUC"
	varDeadline   = "HAN_SO_LIEU"
)

// typedEnv is the compile-time environment: every name with a zero value of
// its type.
func (c *Campaign) typedEnv() map[string]any {
	env := map[string]any{
		VarReportDate: time.Time{},
		varStart:      time.Time{},
		varEnd:        time.Time{},
		varDeadline:   time.Time{},
	}
	for _, ind := range c.Indicators {
		env[ind.ID] = zeroOf(ind.Type)
	}
	return env
}

func zeroOf(t Type) any {
	switch {
	case t == TypeYesNo:
		return false
	case t.Numeric():
		return float64(0)
	case t == TypeDate:
		return time.Time{}
	}
	return ""
}

// constants are the campaign's own names, always set.
func (c *Campaign) constants() map[string]any {
	return map[string]any{varStart: c.PeriodStart, varEnd: c.PeriodEnd, varDeadline: c.DataDeadline}
}

// compile parses src, checks that every name it reads is known, and compiles
// it to a boolean program. The error is Vietnamese.
func (c *Campaign) compile(src string) (*compiled, error) {
	if n := utf8.RuneCountInString(src); n > MaxExprLen {
		return nil, fmt.Errorf("biểu thức dài %s ký tự, tối đa %s", vn.Int(n), vn.Int(MaxExprLen))
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("biểu thức %q viết sai: %s", src, explainExprError(err))
	}
	if what := unsupported(tree.Node); what != "" {
		return nil, fmt.Errorf("biểu thức %q dùng %s: chỉ được dùng mã chỉ tiêu, số, ngày, văn bản trong ngoặc kép, so sánh, phép tính + - * / và && || ! (xem README, mục «Cách viết biểu thức»)", src, what)
	}
	env := c.typedEnv()
	names := identifiers(tree.Node)
	var unknown []string
	for _, n := range names {
		if _, ok := env[n]; !ok {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("biểu thức %q dùng %s không có trong trang Chỉ tiêu", src, strings.Join(unknown, ", "))
	}
	prog, err := expr.Compile(src, expr.Env(env), expr.AsBool(), expr.MaxNodes(MaxExprLen))
	if err != nil {
		return nil, fmt.Errorf("biểu thức %q không dùng được: %s", src, explainExprError(err))
	}
	return &compiled{src: src, prog: prog, vars: names}, nil
}

// MaxExprLen bounds an expression's length in characters (and its nodes).
// With only the documented operators (see unsupported), evaluating an
// expression costs time linear in its length: no expression can loop or
// build large values, so none needs a time budget when it runs.
const MaxExprLen = 1000

// allowedOps are the operators an expression may use: those README
// documents, each costing constant time.
var allowedOps = map[string]bool{
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"+": true, "-": true, "*": true, "/": true, "%": true,
	"&&": true, "||": true, "and": true, "or": true, "!": true, "not": true,
}

// unsupported names the first construct of an expression outside the
// documented language, "" when there is none. Functions and builtins
// (map, filter, all, repeat …), ranges (1..1e9), arrays, maps, members
// and closures are refused at load: they are the ways an expression of
// expr-lang could run for minutes or fill memory, and expr's VM has no
// step limit.
func unsupported(node ast.Node) string {
	v := &checkVisitor{}
	ast.Walk(&node, v)
	return v.what
}

type checkVisitor struct{ what string }

func (v *checkVisitor) Visit(node *ast.Node) {
	if v.what != "" {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.StringNode, *ast.NilNode, *ast.ConditionalNode:
	case *ast.UnaryNode:
		if !allowedOps[n.Operator] {
			v.what = fmt.Sprintf("phép %q", n.Operator)
		}
	case *ast.BinaryNode:
		switch {
		case n.Operator == "..":
			v.what = "dãy số (..)"
		case !allowedOps[n.Operator]:
			v.what = fmt.Sprintf("phép %q", n.Operator)
		}
	case *ast.CallNode:
		v.what = "hàm"
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			v.what = "hàm " + id.Value
		}
	case *ast.BuiltinNode:
		v.what = "hàm " + n.Name
	default:
		v.what = "cú pháp không được hỗ trợ"
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

var (
	unexpectedToken = regexp.MustCompile(`^unexpected token \w+\("?(.*?)"?\)`)
	mismatchedTypes = regexp.MustCompile(`mismatched types ([^\s)]+) and ([^\s)]+)`)
	expectedBool    = regexp.MustCompile(`^expected bool, but got (\S+)`)
)

// explainExprError says in Vietnamese what is wrong with an expression, from
// the error of expr-lang/expr, with the position of the fault. A message it
// does not know is passed on as is.
func explainExprError(err error) string {
	msg := firstLine(err.Error())
	pos := ""
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
		if fe.Snippet != "" {
			pos = fmt.Sprintf(" (ở ký tự thứ %d)", fe.Column+1)
		}
	}
	switch {
	case msg == "unexpected token EOF":
		return "biểu thức bị cụt, thiếu phần cuối" + pos
	case strings.HasPrefix(msg, `unexpected token Operator("=")`):
		return "không hiểu dấu =" + pos + ": so sánh bằng viết là ==, khác viết là !="
	case unexpectedToken.MatchString(msg):
		return fmt.Sprintf("không hiểu %q%s", unexpectedToken.FindStringSubmatch(msg)[1], pos)
	case mismatchedTypes.MatchString(msg):
		m := mismatchedTypes.FindStringSubmatch(msg)
		return fmt.Sprintf("không so sánh hay tính được giữa %s và %s%s", typeWord(m[1]), typeWord(m[2]), pos)
	case expectedBool.MatchString(msg):
		return fmt.Sprintf("kết quả phải là đúng hoặc sai (ví dụ C2 <= C1), không phải %s", typeWord(expectedBool.FindStringSubmatch(msg)[1]))
	}
	return msg + pos
}

// typeWord names a Go type of the expression environment in Vietnamese.
func typeWord(goType string) string {
	switch goType {
	case "bool":
		return "Có/Không"
	case "float64", "int", "float", "int64":
		return "số"
	case "string":
		return "văn bản"
	case "time.Time":
		return "ngày"
	case "time.Duration":
		return "khoảng thời gian"
	}
	return goType
}

type identVisitor struct {
	seen  map[string]bool
	names []string
}

func (v *identVisitor) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok && !v.seen[id.Value] {
		v.seen[id.Value] = true
		v.names = append(v.names, id.Value)
	}
}

// identifiers returns the variable names an expression reads, in the order
// they first appear in its text (expr walks the tree left to right).
func identifiers(node ast.Node) []string {
	v := &identVisitor{seen: map[string]bool{}}
	ast.Walk(&node, v)
	return v.names
}

// vars returns the names the expression reads in order of appearance; none
// for an expression that is not set.
func (e *compiled) varsInOrder() []string {
	if e == nil {
		return nil
	}
	return append([]string(nil), e.vars...)
}

// WhenVars returns the names the rule's condition reads, in order of
// appearance.
func (r *Rule) WhenVars() []string { return r.when.varsInOrder() }

// MustVars returns the names the rule's requirement reads, in order of
// appearance: "C2 <= C1" gives C2, C1.
func (r *Rule) MustVars() []string { return r.must.varsInOrder() }

// Vars returns the names the list's condition reads, in order of
// appearance.
func (l *List) Vars() []string { return l.cond.varsInOrder() }

// RequiredWhenVars returns the names the indicator's required-when
// condition reads, in order of appearance; none when it has none.
func (ind *Indicator) RequiredWhenVars() []string { return ind.requiredWhen.varsInOrder() }

// Values are one report's values for expressions: indicator id (and
// VarReportDate) → bool, float64, time.Time or string. An empty value is
// absent or nil.
type Values map[string]any

// eval runs the expression. ok is false when a name it reads is empty: an
// expression over an empty value says nothing.
func (c *Campaign) eval(e *compiled, vals Values) (result, ok bool, err error) {
	if e == nil {
		return true, true, nil
	}
	env := c.constants()
	for _, n := range e.vars {
		if _, isConst := env[n]; isConst {
			continue
		}
		v, present := vals[n]
		if !present || v == nil {
			return false, false, nil
		}
		env[n] = v
	}
	out, err := expr.Run(e.prog, env)
	if err != nil {
		return false, false, fmt.Errorf("tính biểu thức %q: %w", e.src, err)
	}
	b, _ := out.(bool)
	return b, true, nil
}

// Check evaluates a rule over a report's values. applies is false when the
// rule's condition does not hold or a value it reads is empty; holds is the
// result of Must when it applies.
func (c *Campaign) Check(r *Rule, vals Values) (holds, applies bool, err error) {
	when, ok, err := c.eval(r.when, vals)
	if err != nil || !ok || !when {
		return true, false, err
	}
	must, ok, err := c.eval(r.must, vals)
	if err != nil || !ok {
		return true, false, err
	}
	return must, true, nil
}

// ScopeVars returns the names the indicator's scope reads, in order of
// appearance; none when it applies to every unit of its groups.
func (ind *Indicator) ScopeVars() []string { return ind.scope.varsInOrder() }

// Scoped is whether a report's values put it in or out of an indicator's
// scope.
type Scoped int

// The scope states.
const (
	InScope Scoped = iota
	OutOfScope
	// ScopeUnknown: a value the scope reads is empty.
	ScopeUnknown
)

// InScope evaluates the indicator's scope over a report's values.
func (c *Campaign) InScope(ind *Indicator, vals Values) (Scoped, error) {
	if ind.Scope == "" {
		return InScope, nil
	}
	b, ok, err := c.eval(ind.scope, vals)
	switch {
	case err != nil || !ok:
		return ScopeUnknown, err
	case b:
		return InScope, nil
	}
	return OutOfScope, nil
}

// RequiredNow reports whether the indicator must be filled in a report with
// these values: never outside its scope (nor while a value the scope reads
// is empty: that value's own check speaks), else always when Required,
// else when RequiredWhen holds.
func (c *Campaign) RequiredNow(ind *Indicator, vals Values) (bool, error) {
	if sc, err := c.InScope(ind, vals); err != nil || sc != InScope {
		return false, err
	}
	if ind.Required {
		return true, nil
	}
	if ind.requiredWhen == nil {
		return false, nil
	}
	b, ok, err := c.eval(ind.requiredWhen, vals)
	return ok && b, err
}

// InList reports whether a report with these values belongs on the list.
func (c *Campaign) InList(l *List, vals Values) (bool, error) {
	b, ok, err := c.eval(l.cond, vals)
	return ok && b, err
}

// Vars returns the names a rule reads, sorted: the cells an issue about it
// names.
func (r *Rule) Vars() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range []*compiled{r.when, r.must} {
		if e == nil {
			continue
		}
		for _, n := range e.vars {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

var placeholder = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Format fills a rule's message with the values: {C1} becomes C1's value
// written the Vietnamese way.
func (c *Campaign) Format(r *Rule, vals Values) string {
	consts := c.constants()
	return placeholder.ReplaceAllStringFunc(r.Message, func(m string) string {
		name := m[1 : len(m)-1]
		v, ok := vals[name]
		if !ok {
			v = consts[name]
		}
		return FormatValue(v)
	})
}

// FormatValue writes an expression value the Vietnamese way: Có/Không,
// 1234,5, dd/mm/yyyy; "(trống)" for an empty value.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(trống)"
	case bool:
		return yesNoLabel(x)
	case float64:
		return vn.Number(x)
	case time.Time:
		if x.IsZero() {
			return "(trống)"
		}
		return vn.Date(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
