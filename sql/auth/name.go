package auth

import "fmt"

// MaxNameLen is PostgreSQL's NAMEDATALEN-1: the longest identifier.
const MaxNameLen = 63

// AllCases, granted, opens every case.
const AllCases = "*"

// ValidateUserName checks a user name: a PostgreSQL identifier that needs no
// quoting — a lower-case ASCII letter or '_', then lower-case letters,
// digits, '_' or '$', at most 63 bytes. Lower case only, because clients
// fold unquoted names to lower case and a mixed-case name is a trap.
func ValidateUserName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("%w: user name %q: 1 to %d characters", ErrInvalid, name, MaxNameLen)
	}
	for i, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')
		if !ok {
			return fmt.Errorf("%w: user name %q: use lower-case letters, digits and '_', starting with a letter", ErrInvalid, name)
		}
	}
	return nil
}

// ValidateCaseName checks a case name as granted: "*" or letters, digits,
// '-' and '_', starting with a letter or digit, at most 63 bytes — the names
// `mast case init` makes files of.
func ValidateCaseName(name string) error {
	if name == AllCases {
		return nil
	}
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("%w: case name %q: 1 to %d characters", ErrInvalid, name, MaxNameLen)
	}
	for i, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '-' || c == '_')
		if !ok {
			return fmt.Errorf("%w: case name %q: use letters, digits, '-' and '_'", ErrInvalid, name)
		}
	}
	return nil
}
