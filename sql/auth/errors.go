package auth

import "errors"

var (
	// ErrAuthFailed is every failed login: unknown user, wrong password,
	// malformed SCRAM message, unreadable users file. The client must not
	// learn which.
	ErrAuthFailed = errors.New("password authentication failed")
	// ErrInvalid is a name, role, case or verifier that breaks the rules.
	ErrInvalid = errors.New("invalid")
	// ErrNoUser is a user name the users file does not hold.
	ErrNoUser = errors.New("no such user")
	// ErrUserExists is adding a name the users file already holds.
	ErrUserExists = errors.New("user already exists")
)
