// Package pgerr decides which SQLSTATE a PostgreSQL client sees for every
// failure of mast's wire server: one table, here and nowhere else.
package pgerr

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// SQLSTATE codes mast sends (PostgreSQL Appendix A).
const (
	SuccessfulCompletion      = "00000"
	FeatureNotSupported       = "0A000"
	InvalidCursorName         = "34000"
	InvalidSQLStatementName   = "26000"
	InvalidTransactionState   = "25000"
	ActiveSQLTransaction      = "25001"
	ReadOnlyTransaction       = "25006"
	InFailedTransaction       = "25P02"
	InvalidAuthorization      = "28000"
	InvalidPassword           = "28P01"
	SyntaxError               = "42601"
	InsufficientPrivilege     = "42501"
	UndefinedTable            = "42P01"
	UndefinedObject           = "42704"
	UndefinedFunction         = "42883"
	DuplicateCursor           = "42P03"
	DuplicatePreparedStmt     = "42P05"
	DatatypeMismatch          = "42804"
	IndeterminateDatatype     = "42P18"
	InvalidTextRepresentation = "22P02"
	NumericValueOutOfRange    = "22003"
	DivisionByZero            = "22012"
	InvalidParameterValue     = "22023"
	IntegrityConstraint       = "23000"
	QueryCanceled             = "57014"
	AdminShutdown             = "57P01"
	InvalidCatalogName        = "3D000"
	ProtocolViolation         = "08P01"
	OutOfMemory               = "53200"
	TooManyConnections        = "53300"
	InternalError             = "XX000"
)

// Error is a failure as a PostgreSQL client sees it.
type Error struct {
	Severity string // "ERROR" (default) or "FATAL"
	Code     string
	Message  string
	Detail   string
	Hint     string
}

func (e *Error) Error() string { return e.Message }

// New returns an ERROR with code and message.
func New(code, message string) *Error { return &Error{Severity: "ERROR", Code: code, Message: message} }

// Fatal returns a FATAL with code and message: the server closes the
// connection after sending it.
func Fatal(code, message string) *Error {
	return &Error{Severity: "FATAL", Code: code, Message: message}
}

// From maps any error to what the client sees.
func From(err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	var refusal *pgcompat.Refusal
	if errors.As(err, &refusal) {
		return New(refusal.Code, refusal.Message)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return New(QueryCanceled, "canceling statement due to statement timeout")
	}
	if errors.Is(err, context.Canceled) {
		return New(QueryCanceled, "canceling statement due to user request")
	}
	msg, fromDuckDB := engine.Message(err)
	if !fromDuckDB {
		return New(InternalError, err.Error())
	}
	code, ok := byClass[engine.ClassOf(err)]
	if !ok {
		code = InternalError
	}
	if code == QueryCanceled {
		msg = "canceling statement due to user request"
	}
	return New(code, msg)
}

var byClass = map[engine.ErrorClass]string{
	engine.ErrorSyntax:         SyntaxError,
	engine.ErrorCatalog:        UndefinedTable,
	engine.ErrorBinder:         DatatypeMismatch,
	engine.ErrorConversion:     InvalidTextRepresentation,
	engine.ErrorOutOfRange:     NumericValueOutOfRange,
	engine.ErrorDivideByZero:   DivisionByZero,
	engine.ErrorConstraint:     IntegrityConstraint,
	engine.ErrorPermission:     InsufficientPrivilege,
	engine.ErrorInterrupt:      QueryCanceled,
	engine.ErrorOutOfMemory:    OutOfMemory,
	engine.ErrorTransaction:    InvalidTransactionState,
	engine.ErrorNotImplemented: FeatureNotSupported,
	engine.ErrorInvalidInput:   InvalidParameterValue,
	engine.ErrorParameter:      IndeterminateDatatype,
	engine.ErrorInternal:       InternalError,
	engine.ErrorOther:          InternalError,
}

// Response is the ErrorResponse message for e.
func (e *Error) Response() *pgproto3.ErrorResponse {
	sev := e.Severity
	if sev == "" {
		sev = "ERROR"
	}
	return &pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                e.Code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
	}
}
