package exhibit

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/twpayne/go-geom"
)

// layerTitles name the layers in a legend and in KML folders.
var layerTitles = map[string]string{
	LayerAreas:   "Estimated serving areas of the cells used",
	LayerLines:   "Journeys",
	LayerStays:   "Stays",
	LayerCameras: "ANPR cameras",
	LayerPoints:  "Sites of the cells used",
}

// kmlStyles are the layers' KML styles (colours are aabbggrr).
var kmlStyles = map[string]string{
	LayerAreas:   `<LineStyle><color>ff1f77b4</color><width>1</width></LineStyle><PolyStyle><color>401f77b4</color></PolyStyle>`,
	LayerLines:   `<LineStyle><color>ff2827d6</color><width>3</width></LineStyle>`,
	LayerStays:   `<IconStyle><color>ff0e7fff</color><scale>1.2</scale></IconStyle>`,
	LayerCameras: `<IconStyle><color>ff2ca02c</color><scale>1.0</scale></IconStyle>`,
	LayerPoints:  `<IconStyle><color>ff2827d6</color><scale>0.8</scale></IconStyle>`,
}

// writeKML writes the features as KML 2.2, a folder per layer, each placemark
// with its label, note, time span and every column as ExtendedData; the
// document's ExtendedData holds the manifest (mast_manifest, JSON).
func writeKML(w io.Writer, t *Table, fs []Feature, m *Manifest) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<kml xmlns="http://www.opengis.net/kml/2.2">` + "\n<Document>\n")
	fmt.Fprintf(bw, "<name>%s</name>\n", esc(m.Reference+" "+m.Title))
	fmt.Fprintf(bw, "<description>%s</description>\n", esc(fmt.Sprintf("Case %s. Times in %s. Serving areas are estimates: a handset was within the serving area of the cell it used, not at a point. Produced by %s with mast %s.", m.Case, m.TimeZone, m.Analyst, m.MastVersion)))
	bw.WriteString("<ExtendedData>\n")
	for _, kv := range [][2]string{{"reference", m.Reference}, {"case", m.Case}, {"query", m.Query}, {"time_zone", m.TimeZone}, {"mast_version", m.MastVersion}, {"rows_sha256", m.RowsSHA256}, {"mast_manifest", string(m.JSON())}} {
		fmt.Fprintf(bw, "<Data name=%q><value>%s</value></Data>\n", kv[0], esc(kv[1]))
	}
	bw.WriteString("</ExtendedData>\n")
	for _, l := range layerNames {
		fmt.Fprintf(bw, "<Style id=%q>%s</Style>\n", l, kmlStyles[l])
	}
	for _, l := range layerNames {
		first := true
		for i, f := range fs {
			if f.Layer != l {
				continue
			}
			if first {
				fmt.Fprintf(bw, "<Folder><name>%s</name>\n", esc(layerTitles[l]))
				first = false
			}
			fmt.Fprintf(bw, "<Placemark id=\"f%d\"><name>%s</name>", i+1, esc(f.Label))
			if f.Note != "" {
				fmt.Fprintf(bw, "<description>%s</description>", esc(f.Note))
			}
			if !f.Start.IsZero() {
				end := f.End
				if end.IsZero() {
					end = f.Start
				}
				fmt.Fprintf(bw, "<TimeSpan><begin>%s</begin><end>%s</end></TimeSpan>", f.Start.Format(time.RFC3339), end.Format(time.RFC3339))
			}
			fmt.Fprintf(bw, "<styleUrl>#%s</styleUrl><ExtendedData>", l)
			for j, c := range t.Columns {
				if c.Geom {
					continue
				}
				fmt.Fprintf(bw, "<Data name=%q><value>%s</value></Data>", c.Name, esc(Text(c.Kind, f.Vals[j])))
			}
			bw.WriteString("</ExtendedData>")
			if err := kmlGeometry(bw, f.Geom); err != nil {
				return fmt.Errorf("feature %d: %w", i+1, err)
			}
			bw.WriteString("</Placemark>\n")
		}
		if !first {
			bw.WriteString("</Folder>\n")
		}
	}
	bw.WriteString("</Document>\n</kml>\n")
	return bw.Flush()
}

func kmlGeometry(w *bufio.Writer, g geom.T) error {
	switch x := g.(type) {
	case *geom.Point:
		fmt.Fprintf(w, "<Point><coordinates>%s</coordinates></Point>", kmlCoords(x.FlatCoords(), x.Stride()))
	case *geom.LineString:
		fmt.Fprintf(w, "<LineString><tessellate>1</tessellate><coordinates>%s</coordinates></LineString>", kmlCoords(x.FlatCoords(), x.Stride()))
	case *geom.Polygon:
		w.WriteString("<Polygon>")
		for i := 0; i < x.NumLinearRings(); i++ {
			r := x.LinearRing(i)
			tag := "innerBoundaryIs"
			if i == 0 {
				tag = "outerBoundaryIs"
			}
			fmt.Fprintf(w, "<%s><LinearRing><coordinates>%s</coordinates></LinearRing></%s>", tag, kmlCoords(r.FlatCoords(), r.Stride()), tag)
		}
		w.WriteString("</Polygon>")
	case *geom.MultiPoint, *geom.MultiLineString, *geom.MultiPolygon, *geom.GeometryCollection:
		w.WriteString("<MultiGeometry>")
		for _, part := range parts(x) {
			if err := kmlGeometry(w, part); err != nil {
				return err
			}
		}
		w.WriteString("</MultiGeometry>")
	default:
		return fmt.Errorf("geometry type %T cannot be written to KML", g)
	}
	return nil
}

// parts splits a multi-geometry or collection.
func parts(g geom.T) []geom.T {
	var out []geom.T
	switch x := g.(type) {
	case *geom.MultiPoint:
		for i := 0; i < x.NumPoints(); i++ {
			out = append(out, x.Point(i))
		}
	case *geom.MultiLineString:
		for i := 0; i < x.NumLineStrings(); i++ {
			out = append(out, x.LineString(i))
		}
	case *geom.MultiPolygon:
		for i := 0; i < x.NumPolygons(); i++ {
			out = append(out, x.Polygon(i))
		}
	case *geom.GeometryCollection:
		out = append(out, x.Geoms()...)
	default:
		out = append(out, g)
	}
	return out
}

func kmlCoords(flat []float64, stride int) string {
	var b strings.Builder
	for i := 0; i+1 < len(flat); i += stride {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(flat[i], 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(flat[i+1], 'f', -1, 64))
	}
	return b.String()
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
