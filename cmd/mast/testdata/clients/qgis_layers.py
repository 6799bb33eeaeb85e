"""QGIS (through PyQGIS) against mast serve.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_layers.py SPEC.json

SPEC holds the connection (host, port, dbname, user) and the layers to open:
a table or view of schema public ("table"), or a subquery layer ("sql", with
its "key"). For each layer the script reports what QGIS read (see qgisLayer
in cmd/mast/serve_clients_test.go): isValid, the error, the geometry type,
the CRS, featureCount, extent, every feature's id fields and geometry
envelope (and vertices when asked), the ids of the features a bounding-box
request returns and of those an expression filter returns, and the messages
QGIS logged while it worked. With "list_tables" it lists the connection's
tables as the browser does. The last line of stdout is the JSON report.
"""
import json
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsProviderRegistry,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

spec = json.load(open(sys.argv[1]))

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()

messages = []


def on_message(message, tag, level):
    messages.append({"tag": tag, "level": int(level), "message": message})


QgsApplication.messageLog().messageReceived.connect(on_message)


def step(what):
    """Says on stderr what QGIS is about to do, so that a crash names it."""
    sys.stderr.write("qgis_layers: %s\n" % what)
    sys.stderr.flush()


def connection_uri():
    uri = QgsDataSourceUri()
    uri.setConnection(spec["host"], spec["port"], spec["dbname"], spec["user"], "", QgsDataSourceUri.SslDisable)
    return uri


def value(v):
    """A JSON value for an attribute (QVariant types PyQGIS hands over)."""
    if v is None or (hasattr(v, "isNull") and v.isNull()):
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def envelope(g):
    if g is None or g.isNull():
        return []
    b = g.boundingBox()
    return [b.xMinimum(), b.yMinimum(), b.xMaximum(), b.yMaximum()]


def ids(layer, fields, request):
    return [[value(f[name]) for name in fields] for f in layer.getFeatures(request)]


report = {"providers": QgsProviderRegistry.instance().providerList(), "layers": [], "tables": []}

for spec_layer in spec["layers"]:
    start = len(messages)
    out = dict(spec_layer)
    uri = connection_uri()
    if spec_layer.get("table"):
        uri.setDataSource("public", spec_layer["table"], "geom", "", spec_layer.get("key", ""))
    else:
        uri.setDataSource("", "(" + spec_layer["sql"] + ")", "geom", "", spec_layer["key"])
    step("open layer %s: %s" % (spec_layer["name"], uri.uri(False)))
    layer = QgsVectorLayer(uri.uri(False), spec_layer["name"], "postgres")
    out["valid"] = layer.isValid()
    out["error"] = layer.error().summary() if not layer.isValid() else ""
    if layer.isValid():
        out["wkb_type"] = QgsWkbTypes.displayString(layer.wkbType())
        out["crs"] = layer.crs().authid()
        step("featureCount of %s" % spec_layer["name"])
        out["feature_count"] = layer.featureCount()
        step("extent of %s" % spec_layer["name"])
        e = layer.extent()
        out["extent"] = [e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()]
        step("iterate %s" % spec_layer["name"])
        feats = []
        for f in layer.getFeatures():
            item = {"id": [value(f[name]) for name in spec_layer["id_fields"]], "envelope": envelope(f.geometry())}
            if spec_layer.get("vertices") and not f.geometry().isNull():
                item["vertices"] = [[p.x(), p.y()] for p in f.geometry().vertices()]
            feats.append(item)
        out["features"] = feats
        step("bounding-box request on %s" % spec_layer["name"])
        b = spec_layer["bbox"]
        out["bbox_ids"] = ids(layer, spec_layer["id_fields"], QgsFeatureRequest().setFilterRect(QgsRectangle(b[0], b[1], b[2], b[3])))
        step("expression filter on %s" % spec_layer["name"])
        out["expr_ids"] = ids(layer, spec_layer["id_fields"], QgsFeatureRequest().setFilterExpression(spec_layer["expr"]))
    out["messages"] = messages[start:]
    report["layers"].append(out)

if spec.get("list_tables"):
    step("list the connection's tables")
    try:
        md = QgsProviderRegistry.instance().providerMetadata("postgres")
        conn = md.createConnection(connection_uri().uri(False), {})
        for t in conn.tables("public"):
            has_geometry = bool(t.geometryColumnCount()) or bool(t.geometryColumn())
            report["tables"].append([t.tableName(), has_geometry])
    except Exception as e:  # noqa: BLE001 - reported to the Go test
        report["tables_error"] = "%s: %s" % (type(e).__name__, e)

report["messages"] = messages
sys.stdout.write("\n" + json.dumps(report) + "\n")
sys.stdout.flush()
# exitQgis can crash while tearing down the providers' connections; the
# report is written, so leave without it.
os._exit(0)
