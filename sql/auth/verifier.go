package auth

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/xdg-go/scram"
)

// DefaultIterations is PostgreSQL's default scram_iterations. The client
// pays for the iterations (PBKDF2) at each login; the server stores only the
// result.
const DefaultIterations = 4096

// MinIterations is RFC 7677's minimum for SCRAM-SHA-256.
const MinIterations = 4096

// saltLen is PostgreSQL's SCRAM_DEFAULT_SALT_LEN.
const saltLen = 16

const verifierPrefix = "SCRAM-SHA-256$"

// Verifier is a user's SCRAM-SHA-256 stored credentials: what the server
// needs to check a password without knowing it. Its text form is
// PostgreSQL's: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
type Verifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// NewVerifier derives a verifier from a password with a fresh random salt.
// The password is SASLprepped as libpq does, and used as it is when SASLprep
// refuses it (libpq's fallback), so any password a client can send works.
func NewVerifier(password string, iterations int) (Verifier, error) {
	if iterations < MinIterations {
		return Verifier{}, fmt.Errorf("%w: %d iterations (at least %d)", ErrInvalid, iterations, MinIterations)
	}
	if password == "" {
		return Verifier{}, fmt.Errorf("%w: empty password", ErrInvalid)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return Verifier{}, fmt.Errorf("salt: %w", err)
	}
	c, err := scram.SHA256.NewClient("", password, "")
	if err != nil { // SASLprep refused the password: libpq then sends it as it is
		c, _ = scram.SHA256.NewClientUnprepped("", password, "")
	}
	sc, err := c.GetStoredCredentialsWithError(scram.KeyFactors{Salt: string(salt), Iters: iterations})
	if err != nil {
		return Verifier{}, fmt.Errorf("derive keys: %w", err)
	}
	return Verifier{Iterations: iterations, Salt: salt, StoredKey: sc.StoredKey, ServerKey: sc.ServerKey}, nil
}

// ParseVerifier reads PostgreSQL's text form of a SCRAM-SHA-256 verifier.
func ParseVerifier(s string) (Verifier, error) {
	bad := func(what string) (Verifier, error) {
		return Verifier{}, fmt.Errorf("%w: scram verifier: %s", ErrInvalid, what)
	}
	rest, ok := strings.CutPrefix(s, verifierPrefix)
	if !ok {
		return bad("not SCRAM-SHA-256$...")
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return bad("no keys")
	}
	iter, salt, ok := strings.Cut(params, ":")
	if !ok {
		return bad("no salt")
	}
	stored, server, ok := strings.Cut(keys, ":")
	if !ok {
		return bad("no server key")
	}
	var v Verifier
	var err error
	if v.Iterations, err = strconv.Atoi(iter); err != nil || v.Iterations < MinIterations {
		return bad("iterations " + iter)
	}
	dec := base64.StdEncoding.DecodeString
	if v.Salt, err = dec(salt); err != nil || len(v.Salt) == 0 {
		return bad("salt")
	}
	if v.StoredKey, err = dec(stored); err != nil || len(v.StoredKey) != 32 {
		return bad("stored key")
	}
	if v.ServerKey, err = dec(server); err != nil || len(v.ServerKey) != 32 {
		return bad("server key")
	}
	return v, nil
}

// String is PostgreSQL's text form.
func (v Verifier) String() string {
	enc := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("%s%d:%s$%s:%s", verifierPrefix, v.Iterations, enc(v.Salt), enc(v.StoredKey), enc(v.ServerKey))
}

// MarshalText writes the text form.
func (v Verifier) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads the text form.
func (v *Verifier) UnmarshalText(b []byte) error {
	p, err := ParseVerifier(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// credentials is the verifier as xdg-go/scram's server wants it.
func (v Verifier) credentials() scram.StoredCredentials {
	return scram.StoredCredentials{
		KeyFactors: scram.KeyFactors{Salt: string(v.Salt), Iters: v.Iterations},
		StoredKey:  v.StoredKey,
		ServerKey:  v.ServerKey,
	}
}
