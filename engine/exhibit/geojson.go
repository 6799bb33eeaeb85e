package exhibit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/twpayne/go-geom/encoding/geojson"
)

// writeGeoJSON writes the features as an RFC 7946 FeatureCollection: every
// column of the query as a property (times as ISO 8601 with their offset),
// the layer as mast_layer, and the manifest as the foreign member
// mast_exhibit, which QGIS and GDAL ignore and `mast exhibit verify` reads.
func writeGeoJSON(w io.Writer, t *Table, fs []Feature, m *Manifest) error {
	bw := bufio.NewWriter(w)
	man, err := json.Marshal(m)
	if err != nil {
		return err
	}
	name, _ := json.Marshal(m.Reference + " " + m.Title)
	fmt.Fprintf(bw, "{\"type\":\"FeatureCollection\",\n\"name\":%s,\n\"mast_exhibit\":%s,\n\"features\":[\n", name, man)
	for i, f := range fs {
		g, err := geojson.Marshal(f.Geom, geojson.EncodeGeometryWithMaxDecimalDigits(7))
		if err != nil {
			return fmt.Errorf("feature %d: %w", i+1, err)
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		fmt.Fprintf(bw, "{\"type\":\"Feature\",\"id\":%d,\"properties\":{\"mast_layer\":%q", i+1, f.Layer)
		for j, c := range t.Columns {
			if c.Geom {
				continue
			}
			k, _ := json.Marshal(c.Name)
			bw.WriteString(",")
			bw.Write(k)
			bw.WriteString(":")
			bw.Write(jsonValue(c.Kind, f.Vals[j]))
		}
		bw.WriteString("},\"geometry\":")
		bw.Write(g)
		bw.WriteString("}")
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// jsonValue writes one value as JSON, typed.
func jsonValue(k Kind, v any) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("null")
	case int64:
		if k == KindDuration {
			break
		}
		return strconv.AppendInt(nil, x, 10)
	case float64:
		return strconv.AppendFloat(nil, x, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(nil, x)
	case time.Time:
		if k == KindTime {
			b, _ := json.Marshal(x.Format(time.RFC3339))
			return b
		}
	}
	b, _ := json.Marshal(Text(k, v))
	return b
}
