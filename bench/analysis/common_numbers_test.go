package analysis_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// dumpTruth is what the common_numbers tests read from truth.json.
type dumpTruth struct {
	TowerDumps []struct {
		Scene int       `json:"scene"`
		Cells []string  `json:"cells"`
		From  time.Time `json:"from"`
		To    time.Time `json:"to"` // exclusive
		Lat   float64   `json:"lat"`
		Lon   float64   `json:"lon"`
		Rows  int       `json:"rows"`
	} `json:"tower_dumps"`
	Offenders []dumpIdentity `json:"tower_dump_offenders"`
	Repeats   []dumpIdentity `json:"tower_dump_repeats"`
}

// dumpIdentity is a person of the tower dumps: three identities, the scenes.
type dumpIdentity struct {
	MSISDN string `json:"msisdn"`
	IMSI   string `json:"imsi"`
	IMEI   string `json:"imei"`
	Scenes []int  `json:"scenes"`
}

// identities is the three identities common_numbers reports a person by.
func (d dumpIdentity) identities() map[string]string {
	return map[string]string{"msisdn": d.MSISDN, "imsi": d.IMSI, "imei": d.IMEI[:14]}
}

func (d dumpIdentity) sceneNames() []string {
	var out []string
	for _, s := range d.Scenes {
		out = append(out, fmt.Sprintf("scene %d", s))
	}
	return out
}

func readDumpTruth(t *testing.T) (dumpTruth, string) {
	t.Helper()
	_, truthPath := analysed(t)
	var truth dumpTruth
	readTruth(t, truthPath, &truth)
	require.Len(t, truth.TowerDumps, 5)
	require.Len(t, truth.Offenders, 1)
	return truth, truthPath
}

// sceneList writes the scenes as common_numbers' list of structs, each window
// from the dump's start to the second before its (exclusive) end. With area,
// a scene is a square of about 200 m around the scene's point instead of its
// cells.
func sceneList(truth dumpTruth, area bool) string {
	var lits []string
	for _, s := range truth.TowerDumps {
		where := ""
		if area {
			const d = 0.001
			where = fmt.Sprintf("'area': 'POLYGON((%[1]f %[2]f, %[3]f %[2]f, %[3]f %[4]f, %[1]f %[4]f, %[1]f %[2]f))'",
				s.Lon-d, s.Lat-d, s.Lon+d, s.Lat+d)
		} else {
			cells := make([]string, len(s.Cells))
			for i, c := range s.Cells {
				cells[i] = "'" + c + "'"
			}
			where = "'cells': [" + strings.Join(cells, ", ") + "]"
		}
		lits = append(lits, fmt.Sprintf("{'scene': 'scene %d', %s, 'from': '%s', 'to': '%s'}",
			s.Scene, where, s.From.Format(time.RFC3339), s.To.Add(-time.Second).Format(time.RFC3339)))
	}
	return "[" + strings.Join(lits, ", ") + "]"
}

func strList(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, str(x))
	}
	return out
}

// With min_scenes := 3, the offender's number, SIM and handset are the first
// three rows, each at exactly the offender's scenes, each with its events.
func TestCommonNumbersRanksTheOffenderFirstAtExactlyItsScenes(t *testing.T) {
	db, _ := analysed(t)
	truth, _ := readDumpTruth(t)
	off := truth.Offenders[0]
	got := rows(t, db, `SELECT * FROM common_numbers(`+sceneList(truth, false)+`, min_scenes := 3)`)
	require.GreaterOrEqual(t, len(got), 3)
	want := off.identities()
	for _, r := range got[:3] {
		kind := str(r["kind"])
		require.Equal(t, want[kind], str(r["identity"]), "rank %v", r["rank"])
		require.Equal(t, off.sceneNames(), strList(r["scenes"]))
		for _, v := range r["visits"].([]any) {
			visit := v.(map[string]any)
			require.NotEmpty(t, visit["event_ids"], "%s at %s", kind, visit["scene"])
			require.NotEmpty(t, visit["cells"])
		}
	}
	t.Logf("min_scenes 3: %d rows; offender %s score %v", len(got), off.MSISDN, got[0]["score"])
}

// With min_scenes := 2 (thousands of bystanders in the dumps), every identity
// returned is the offender's or one of the identities the truth lists as seen
// at two or more scenes, at the scenes it lists; and all of those are found.
func TestCommonNumbersReportsOnlyIdentitiesTrulySeenAtSeveralScenes(t *testing.T) {
	db, _ := analysed(t)
	truth, _ := readDumpTruth(t)
	wantScenes := map[string][]string{} // kind/identity -> scenes
	for _, p := range append(append([]dumpIdentity{}, truth.Offenders...), truth.Repeats...) {
		for kind, id := range p.identities() {
			wantScenes[kind+"/"+id] = p.sceneNames()
		}
	}
	got := rows(t, db, `SELECT * FROM common_numbers(`+sceneList(truth, false)+`, min_scenes := 2)`)
	right := 0
	found := map[string]bool{}
	for _, r := range got {
		key := str(r["kind"]) + "/" + str(r["identity"])
		if want, ok := wantScenes[key]; ok && equalSets(want, strList(r["scenes"])) {
			right++
			found[key] = true
		} else {
			t.Errorf("rank %v: %s at %v is not in the truth's repeats", r["rank"], key, r["scenes"])
		}
	}
	var missed []string
	for key := range wantScenes {
		if !found[key] {
			missed = append(missed, key)
		}
	}
	sort.Strings(missed)
	rows := 0
	for _, s := range truth.TowerDumps {
		rows += s.Rows
	}
	t.Logf("min_scenes 2 over %d dump rows: %d identities returned, precision %.3f, recall %.3f (%d of %d); missed %v",
		rows, len(got), float64(right)/float64(max(len(got), 1)), float64(len(found))/float64(len(wantScenes)),
		len(found), len(wantScenes), missed)
	require.Empty(t, missed)
	require.Equal(t, right, len(got))
}

// A scene given as an area (a WKT polygon around the scene) takes every cell
// whose serving area covers part of it: more cells than the dump's, so more
// identities, and the offender still at its three scenes.
func TestCommonNumbersTakesScenesAsAreas(t *testing.T) {
	db, _ := analysed(t)
	truth, _ := readDumpTruth(t)
	off := truth.Offenders[0]
	got := rows(t, db, `SELECT identity, scenes, visits FROM common_numbers(`+sceneList(truth, true)+`, min_scenes := 3)
		WHERE kind = 'msisdn' AND identity = ?`, off.MSISDN)
	require.Len(t, got, 1)
	require.Equal(t, off.sceneNames(), strList(got[0]["scenes"]))
	var cells int
	for _, v := range got[0]["visits"].([]any) {
		cells += len(v.(map[string]any)["cells"].([]any))
	}
	t.Logf("offender found by area at %v on %d scene cells", got[0]["scenes"], cells)
}

// common_numbers_in reads the scenes from a table, one row per scene cell,
// and returns what common_numbers returns for the same scenes as a list.
func TestCommonNumbersInReadsScenesFromATable(t *testing.T) {
	db, _ := analysed(t)
	truth, _ := readDumpTruth(t)
	var values []string
	for _, s := range truth.TowerDumps {
		for _, c := range s.Cells {
			values = append(values, fmt.Sprintf("('scene %d', '%s', TIMESTAMPTZ '%s', TIMESTAMPTZ '%s')",
				s.Scene, c, s.From.Format(time.RFC3339), s.To.Add(-time.Second).Format(time.RFC3339)))
		}
	}
	conn, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(t.Context(), `CREATE OR REPLACE TEMP TABLE my_scenes(scene, cell, "from", "to") AS VALUES `+strings.Join(values, ", "))
	require.NoError(t, err)
	const cols = `rank, identity, kind, scenes, score, events`
	fromTable := rows(t, conn, `SELECT `+cols+` FROM common_numbers_in('my_scenes')`)
	fromList := rows(t, conn, `SELECT `+cols+` FROM common_numbers(`+sceneList(truth, false)+`)`)
	require.NotEmpty(t, fromList)
	require.Equal(t, fromList, fromTable)
}

// Scenes past the eighth are read together rather than one by one: with
// eight empty scenes named to sort first, the world's scenes are the ninth
// and later, and the answer is the same as for them alone.
func TestCommonNumbersFindsTheSameAtScenesPastTheEighth(t *testing.T) {
	db, _ := analysed(t)
	truth, _ := readDumpTruth(t)
	list := sceneList(truth, false)
	var empty []string
	for i := range 8 {
		s := truth.TowerDumps[i%len(truth.TowerDumps)]
		empty = append(empty, fmt.Sprintf("{'scene': 'a quiet scene %d', 'cells': ['234-99-%d'], 'from': '%s', 'to': '%s'}",
			i, i, s.From.Format(time.RFC3339), s.To.Format(time.RFC3339)))
	}
	padded := "[" + strings.Join(empty, ", ") + ", " + strings.TrimPrefix(list, "[")
	const cols = `rank, identity, kind, scenes, score, events, active_days, visits`
	alone := rows(t, db, `SELECT `+cols+` FROM common_numbers(`+list+`)`)
	past := rows(t, db, `SELECT `+cols+` FROM common_numbers(`+padded+`)`)
	require.NotEmpty(t, alone)
	require.Equal(t, alone, past)
}

func equalSets(a, b []string) bool {
	a, b = append([]string{}, a...), append([]string{}, b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}
