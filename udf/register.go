package udf

import (
	"context"
	gosql "database/sql"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Options say what the functions need to know about the case.
type Options struct {
	// Region is the case's default region (ISO 3166 alpha-2) for e164().
	Region string
}

// function is one name with one or more overloads.
type function struct {
	name      string
	overloads []*scalar
}

// Register adds every mast function to the database conn belongs to.
// Functions live in the database instance's catalog, so Register is called
// once per opened database, not once per pooled connection: a second
// registration of a name fails.
func Register(ctx context.Context, conn *gosql.Conn, opts Options) error {
	fns, err := functions(opts)
	if err != nil {
		return err
	}
	for _, f := range fns {
		var err error
		if len(f.overloads) == 1 {
			err = duckdb.RegisterScalarUDF(conn, f.name, f.overloads[0])
		} else {
			set := make([]duckdb.ScalarFunc, len(f.overloads))
			for i, o := range f.overloads {
				set[i] = o
			}
			err = duckdb.RegisterScalarUDFSet(conn, f.name, set...)
		}
		if err != nil {
			return fmt.Errorf("register function %s: %w", f.name, err)
		}
	}
	return nil
}

// Names lists the functions Register adds, in registration order.
func Names() []string {
	fns, _ := functions(Options{Region: "GB"})
	out := make([]string, len(fns))
	for i, f := range fns {
		out[i] = f.name
	}
	return out
}

func functions(opts Options) ([]function, error) {
	num, err := numberFunctions(opts.Region)
	if err != nil {
		return nil, err
	}
	out := append([]function{}, num...)
	out = append(out, h3Functions()...)
	out = append(out, geometryFunctions()...)
	out = append(out, stayFunctions()...)
	out = append(out, postgisFunctions()...)
	out = append(out, timeFunctions()...)
	return out, nil
}
