package auth

import (
	"fmt"
	"slices"
	"time"
)

// User is one user of the users file. It holds a verifier, never a password.
type User struct {
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	Cases    []string  `json:"cases"` // case names, or "*" for all
	Verifier Verifier  `json:"scram_sha_256"`
	Created  time.Time `json:"created"`
	Changed  time.Time `json:"changed"`
}

// MayOpen says whether the user may open the case.
func (u User) MayOpen(caseName string) bool {
	return slices.Contains(u.Cases, AllCases) || slices.Contains(u.Cases, caseName)
}

// Validate checks the name, role, cases and verifier.
func (u User) Validate() error {
	if err := ValidateUserName(u.Name); err != nil {
		return err
	}
	if _, ok := roleNames[u.Role]; !ok {
		return fmt.Errorf("%w: user %s: %v", ErrInvalid, u.Name, u.Role)
	}
	for _, c := range u.Cases {
		if err := ValidateCaseName(c); err != nil {
			return fmt.Errorf("user %s: %w", u.Name, err)
		}
	}
	if u.Verifier.Iterations < MinIterations || len(u.Verifier.StoredKey) != 32 || len(u.Verifier.ServerKey) != 32 {
		return fmt.Errorf("%w: user %s: no valid scram verifier", ErrInvalid, u.Name)
	}
	return nil
}

// Grant adds cases to the user's grants, keeping them sorted and distinct.
func (u *User) Grant(cases ...string) error {
	for _, c := range cases {
		if err := ValidateCaseName(c); err != nil {
			return err
		}
		if !slices.Contains(u.Cases, c) {
			u.Cases = append(u.Cases, c)
		}
	}
	slices.Sort(u.Cases)
	return nil
}

// Revoke removes cases from the user's grants. Revoking a case that is only
// reached through "*" is an error: revoke "*" and grant the others.
func (u *User) Revoke(cases ...string) error {
	for _, c := range cases {
		i := slices.Index(u.Cases, c)
		if i < 0 {
			if slices.Contains(u.Cases, AllCases) {
				return fmt.Errorf("%w: %s is granted all cases (\"*\"); revoke \"*\" and grant the cases to keep", ErrInvalid, u.Name)
			}
			return fmt.Errorf("%w: %s has no grant on case %s", ErrInvalid, u.Name, c)
		}
		u.Cases = slices.Delete(u.Cases, i, i+1)
	}
	return nil
}
