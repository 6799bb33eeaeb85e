package engine

import (
	"context"
	"fmt"

	"github.com/mastcdr/mast/catalog"
	"github.com/mastcdr/mast/udf"
)

// registerFunctions adds mast's Go functions to the database and then
// (re)creates the analysis macros of catalog/analysis, which are built on
// them. Functions live in the database instance, so this runs once per Open.
func (c *Case) registerFunctions(ctx context.Context) error {
	conn, err := c.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("register functions: %w", err)
	}
	defer conn.Close()
	if err := udf.Register(ctx, conn, udf.Options{Region: c.settings.Region}); err != nil {
		return err
	}
	if err := c.registerJourneyLines(conn); err != nil {
		return err
	}
	for _, register := range c.functions {
		if err := register(ctx, conn, c); err != nil {
			return fmt.Errorf("register functions: %w", err)
		}
	}
	if c.version < catalog.Latest() {
		// Stopped short of the latest schema (MigrateTo): the macros need it.
		return nil
	}
	scripts, err := catalog.AnalysisScripts()
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return fmt.Errorf("analysis macros: %w", err)
	}
	for _, s := range scripts {
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			conn.ExecContext(context.Background(), `ROLLBACK`)
			return fmt.Errorf("analysis macros %s: %w", s.Name, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("analysis macros: %w", err)
	}
	return nil
}
