package auth

import "fmt"

// Role is what a user may do with the cases granted to them.
type Role uint8

const (
	// Analyst runs read-only SQL.
	Analyst Role = iota + 1
	// Admin may also change a case.
	Admin
)

var roleNames = map[Role]string{Analyst: "analyst", Admin: "admin"}

func (r Role) String() string {
	if s, ok := roleNames[r]; ok {
		return s
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// ReadOnly says whether the role may only read.
func (r Role) ReadOnly() bool { return r != Admin }

// ParseRole reads "analyst" or "admin".
func ParseRole(s string) (Role, error) {
	for r, name := range roleNames {
		if s == name {
			return r, nil
		}
	}
	return 0, fmt.Errorf("%w: role %q (analyst or admin)", ErrInvalid, s)
}

// MarshalText writes the role's name.
func (r Role) MarshalText() ([]byte, error) {
	if _, ok := roleNames[r]; !ok {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
