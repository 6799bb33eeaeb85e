package exhibit

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/twpayne/go-geom"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/mastcdr/mast/engine/exhibit/mapview"
	"github.com/mastcdr/mast/engine/exhibit/pdf"
)

// The drawn map's page: A4 landscape, in points; PNGs at 150 dots per inch.
const (
	mapPageW = 297 / 25.4 * 72
	mapPageH = 210 / 25.4 * 72
	mapDPI   = 150
)

// writeMap reads the map's features and writes them in the manifest's format.
func writeMap(w io.Writer, t *Table, m *Manifest, basemap string) error {
	fs, err := features(t, m)
	if err != nil {
		return err
	}
	switch m.FileFormat {
	case "geojson":
		return writeGeoJSON(w, t, fs, m)
	case "kml":
		return writeKML(w, t, fs, m)
	}
	mv, err := mapOf(fs, m, t.Loc, basemap)
	if err != nil {
		return err
	}
	switch m.FileFormat {
	case "png":
		r := draw.NewRaster(mapPageW, mapPageH, mapDPI)
		if err := mapview.Draw(r, mv); err != nil {
			return err
		}
		return draw.EncodePNG(w, r.RGBA(), map[string]string{
			"Title": m.Reference + " " + m.Title, "Author": m.Analyst, "Software": "mast " + m.MastVersion,
			"Creation Time": m.ProducedAt.UTC().Format(time.RFC1123Z), manifestKeyPNG: string(m.JSON()),
		})
	case "pdf":
		doc, err := pdf.New(pdf.Options{PageSize: pdf.A4Landscape()})
		if err != nil {
			return err
		}
		if err := mapview.Draw(doc.AddPage(), mv); err != nil {
			return err
		}
		if err := finishPDF(doc, m); err != nil {
			return err
		}
		_, err = doc.WriteTo(w)
		return err
	case "html":
		return writeHTMLMap(w, t, fs, m, mv)
	}
	return fmt.Errorf("map format %q", m.FileFormat)
}

// finishPDF sets a PDF exhibit's information and attaches its manifest.
func finishPDF(doc *pdf.Document, m *Manifest) error {
	if err := doc.SetInfo(pdf.Info{
		Title: m.Reference + " " + m.Title, Author: m.Analyst, Subject: "Case " + m.Case,
		Keywords: "mast exhibit " + m.Kind, Creator: "mast exhibit", Producer: "mast " + m.MastVersion,
		CreationDate: m.ProducedAt, Custom: map[string]string{manifestKeyPDF: string(m.JSON())},
	}); err != nil {
		return err
	}
	return doc.Attach(pdf.EmbeddedFile{Name: manifestFileKey, Data: m.JSON(), MIME: "application/json", Description: "How this exhibit was made: case, query, inputs and their SHA-256, mast version."})
}

// mapOf turns features into the drawn map, with the exhibit header.
func mapOf(fs []Feature, m *Manifest, loc *time.Location, basemap string) (mapview.Map, error) {
	mv := mapview.Map{Header: mapview.Header{
		Reference: m.Reference, Case: m.Case, Title: m.Title, Analyst: m.Analyst,
		Produced: m.ProducedAt.In(loc).Format("2006-01-02 15:04 MST"), TimeSpan: span(fs, loc), TimeZone: m.TimeZone,
		Notes: []string{
			fmt.Sprintf("%d features from %d input files (SHA-256 in the manifest); rows SHA-256 %s; mast %s", m.Rows, len(m.Inputs), short(m.RowsSHA256), m.MastVersion),
		},
	}}
	for _, f := range fs {
		for _, g := range parts(f.Geom) {
			switch x := g.(type) {
			case *geom.Point:
				p := mapview.Point{Lon: x.X(), Lat: x.Y(), Label: f.Label}
				switch f.Layer {
				case LayerStays:
					mv.Stays = append(mv.Stays, mapview.Stay{Lon: p.Lon, Lat: p.Lat, Label: f.Label})
				case LayerCameras:
					mv.Cameras = append(mv.Cameras, p)
				default:
					mv.Points = append(mv.Points, p)
				}
			case *geom.LineString:
				mv.Lines = append(mv.Lines, mapview.Line{Coords: coords(x.FlatCoords(), x.Stride()), Label: f.Label})
			case *geom.Polygon:
				if x.NumLinearRings() == 0 {
					continue
				}
				r := x.LinearRing(0)
				mv.Areas = append(mv.Areas, mapview.Area{Ring: coords(r.FlatCoords(), r.Stride()), Label: f.Label, Disk: strings.Contains(f.Note, "(disk")})
			}
		}
	}
	if basemap != "" {
		b, err := mapview.ReadBasemap(basemap)
		if err != nil {
			return mv, err
		}
		mv.Basemap = b
	}
	return mv, nil
}

func coords(flat []float64, stride int) [][2]float64 {
	out := make([][2]float64, 0, len(flat)/stride)
	for i := 0; i+1 < len(flat); i += stride {
		out = append(out, [2]float64{flat[i], flat[i+1]})
	}
	return out
}

func short(sha string) string {
	if len(sha) > 16 {
		return sha[:16] + "…"
	}
	return sha
}

// writeHTMLMap writes one self-contained HTML file: the map as inline SVG
// (drawn exactly as the PDF and PNG are) with pan and zoom, the features as a
// table, and the manifest in a JSON script block. Nothing is fetched.
func writeHTMLMap(w io.Writer, t *Table, fs []Feature, m *Manifest, mv mapview.Map) error {
	svg := draw.NewSVG(mapPageW, mapPageH)
	if err := mapview.Draw(svg, mv); err != nil {
		return err
	}
	var sb bytes.Buffer
	if _, err := svg.WriteTo(&sb); err != nil {
		return err
	}
	svgText := sb.String()
	if i := strings.Index(svgText, "<svg"); i > 0 { // drop any XML prolog: inline SVG has none
		svgText = svgText[i:]
	}
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>%s %s</title>\n", e(m.Reference), e(m.Title))
	b.WriteString(`<style>
body{font-family:sans-serif;margin:1em;color:#111}
#map{border:1px solid #888;width:100%;max-width:1200px;cursor:grab;touch-action:none}
#map svg{width:100%;height:auto;display:block}
table{border-collapse:collapse;font-size:12px;margin-top:1em}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#eee;position:sticky;top:0}
.note{font-size:12px;color:#444}
</style></head><body>
`)
	fmt.Fprintf(&b, "<h1>%s: %s</h1>\n<p class=\"note\">Case %s. Produced %s by %s with mast %s. Times in %s. Serving areas are estimates: a handset was within the serving area of the cell it used, not at a point. Drag to pan, wheel to zoom, double-click to reset.</p>\n",
		e(m.Reference), e(m.Title), e(m.Case), e(m.ProducedAt.UTC().Format("2006-01-02 15:04 UTC")), e(m.Analyst), e(m.MastVersion), e(m.TimeZone))
	b.WriteString("<div id=\"map\">" + svgText + "</div>\n<table><thead><tr><th>#</th><th>layer</th>")
	for _, c := range t.Columns {
		if !c.Geom {
			b.WriteString("<th>" + e(c.Name) + "</th>")
		}
	}
	b.WriteString("</tr></thead><tbody>\n")
	for i, f := range fs {
		b.WriteString("<tr><td>" + strconv.Itoa(i+1) + "</td><td>" + e(f.Layer) + "</td>")
		for j, c := range t.Columns {
			if !c.Geom {
				b.WriteString("<td>" + e(Text(c.Kind, f.Vals[j])) + "</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
	fmt.Fprintf(&b, "<script type=\"application/json\" id=\"%s\">%s</script>\n", manifestHTMLID, html.EscapeString(string(m.JSON())))
	b.WriteString(`<script>
(function(){
var box=document.getElementById('map'),svg=box.querySelector('svg');if(!svg)return;
var v0=svg.getAttribute('viewBox').split(/[ ,]+/).map(Number),v=v0.slice(),drag=null;
function set(){svg.setAttribute('viewBox',v.join(' '));}
box.addEventListener('wheel',function(ev){ev.preventDefault();var r=svg.getBoundingClientRect();
var fx=(ev.clientX-r.left)/r.width,fy=(ev.clientY-r.top)/r.height,k=ev.deltaY<0?0.8:1.25;
var w=v[2]*k,h=v[3]*k;v=[v[0]+(v[2]-w)*fx,v[1]+(v[3]-h)*fy,w,h];set();},{passive:false});
box.addEventListener('pointerdown',function(ev){drag={x:ev.clientX,y:ev.clientY,v:v.slice()};box.setPointerCapture(ev.pointerId);});
box.addEventListener('pointermove',function(ev){if(!drag)return;var r=svg.getBoundingClientRect();
v[0]=drag.v[0]-(ev.clientX-drag.x)*v[2]/r.width;v[1]=drag.v[1]-(ev.clientY-drag.y)*v[3]/r.height;set();});
box.addEventListener('pointerup',function(){drag=null;});
box.addEventListener('dblclick',function(){v=v0.slice();set();});
})();
</script>
</body></html>
`)
	_, err := io.WriteString(w, b.String())
	return err
}
