package loaders

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Rule is one entry of a field's `when:` list: a condition on the text of one
// column and the value the field takes when it holds. A field's rules are
// tried in order and the first that holds wins; when none does, the field
// has its usual value (column, columns, const or preamble, through its map).
// See docs/profiles.md.
type Rule struct {
	// Column is the column tested; default the field's own column.
	Column string `yaml:"column"`

	// The condition: exactly one of these. Text is compared after trimming
	// spaces; equals, in and prefix ignore ASCII case.
	Equals string   `yaml:"equals"` // the text is this
	In     []string `yaml:"in"`     // the text is one of these
	Prefix string   `yaml:"prefix"` // the text starts with this
	Match  string   `yaml:"match"`  // the text matches this regular expression (RE2 syntax)
	Empty  *bool    `yaml:"empty"`  // the text is empty (true) or not (false)

	// The result: Value, used as it is (value maps do not apply to it), or
	// with prefix, Strip: the tested text without the prefix.
	Value *string `yaml:"value"`
	Strip bool    `yaml:"strip"`

	re *regexp.Regexp
}

// ruleOp is the kind of test a compiled rule makes.
type ruleOp uint8

const (
	ruleEquals ruleOp = iota
	ruleIn
	rulePrefix
	ruleMatch
	ruleEmpty
	ruleNotEmpty
)

// rule is a Rule resolved against a file's header.
type rule struct {
	op     ruleOp
	idx    int                 // column tested
	text   string              // equals, prefix
	set    map[string]struct{} // in: the texts, lower-cased
	re     *regexp.Regexp      // match
	value  string
	strip  bool
	column string // for messages
}

// check validates a rule of field name, compiling its regular expression.
// own is the field's column, tested when the rule names none.
func (r *Rule) check(own string) error {
	n := 0
	if r.Equals != "" {
		n++
	}
	if len(r.In) > 0 {
		n++
	}
	if r.Prefix != "" {
		n++
	}
	if r.Match != "" {
		n++
	}
	if r.Empty != nil {
		n++
	}
	if n != 1 {
		return errors.New("give exactly one condition: equals, in, prefix, match or empty")
	}
	if r.Column == "" && own == "" {
		return errors.New("column: the field has no column of its own to test; name one")
	}
	if r.Strip && r.Prefix == "" {
		return errors.New("strip needs prefix")
	}
	if (r.Value != nil) == r.Strip {
		return errors.New("give value or strip (one of them)")
	}
	if r.Match != "" {
		re, err := regexp.Compile(r.Match)
		if err != nil {
			return fmt.Errorf("match: %w", err)
		}
		r.re = re
	}
	return nil
}

// column returns the column the rule tests.
func (r *Rule) column(own string) string {
	if r.Column != "" {
		return r.Column
	}
	return own
}

// compileRule resolves a checked rule against the column at idx.
func compileRule(r Rule, column string, idx int) rule {
	c := rule{idx: idx, strip: r.Strip, column: column, re: r.re}
	if r.Value != nil {
		c.value = *r.Value
	}
	switch {
	case r.Equals != "":
		c.op, c.text = ruleEquals, r.Equals
	case len(r.In) > 0:
		c.op, c.set = ruleIn, make(map[string]struct{}, len(r.In))
		for _, v := range r.In {
			c.set[strings.ToLower(strings.TrimSpace(v))] = struct{}{}
		}
	case r.Prefix != "":
		c.op, c.text = rulePrefix, r.Prefix
	case r.Match != "":
		c.op = ruleMatch
	case *r.Empty:
		c.op = ruleEmpty
	default:
		c.op = ruleNotEmpty
	}
	return c
}

// apply returns the rule's value for a row whose tested column holds v, and
// whether the condition holds.
func (r *rule) apply(v string) (string, bool) {
	switch r.op {
	case ruleEquals:
		return r.value, strings.EqualFold(v, r.text)
	case ruleIn:
		if _, ok := r.set[v]; ok {
			return r.value, true
		}
		_, ok := r.set[lowerASCII(v)]
		return r.value, ok
	case rulePrefix:
		if len(v) < len(r.text) || !strings.EqualFold(v[:len(r.text)], r.text) {
			return "", false
		}
		if r.strip {
			return strings.TrimSpace(v[len(r.text):]), true
		}
		return r.value, true
	case ruleMatch:
		return r.value, r.re.MatchString(v)
	case ruleEmpty:
		return r.value, v == ""
	case ruleNotEmpty:
		return r.value, v != ""
	}
	return "", false
}
