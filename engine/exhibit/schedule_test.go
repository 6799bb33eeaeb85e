package exhibit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine/exhibit"
)

func TestSubjectScheduleTracesEveryRowToItsLine(t *testing.T) {
	c := demo(t)
	ctx := context.Background()
	loc, _ := time.LoadLocation("Europe/London")
	q := exhibit.SubjectQuery(exhibit.Subject{Subject: "07700 926847"})
	tab, err := exhibit.Schedule(ctx, c.DB(), q, loc)
	require.NoError(t, err)
	defer tab.Close()
	var buf bytes.Buffer
	m := &exhibit.Manifest{Kind: "schedule"}
	require.NoError(t, exhibit.WriteCSV(&buf, tab, m))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	var want int64
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM events WHERE subject_msisdn = '+447700926847'`).Scan(&want))
	require.Greater(t, want, int64(10))
	require.Equal(t, want, int64(len(recs)-1))
	require.Equal(t, want, m.Rows)
	require.Equal(t, "line", m.Traced)
	require.NotEmpty(t, m.Inputs)
	t.Log(recs[0])
	t.Log(recs[1])
	t.Log(recs[len(recs)-1])
	t.Logf("%+v", m.Inputs)
}
