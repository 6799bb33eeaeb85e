// pgJDBC against mast serve: DatabaseMetaData, a PreparedStatement executed
// ten times (pgJDBC names it and asks for binary results from the fifth
// execution on), and a query read with a fetch size (a portal executed with a
// row limit, PortalSuspended, executed again).
//
// Run: java -cp /usr/share/java/postgresql.jar JdbcClient.java URL USER PASSWORD ID,ID,...
// Prints one JSON object: see jdbcReport in cmd/mast/serve_clients_test.go.

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.postgresql.PGStatement;

public class JdbcClient {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        props.setProperty("password", args[2]);
        props.setProperty("ApplicationName", "mast-clients-test");
        StringBuilder out = new StringBuilder("{");
        try (Connection c = DriverManager.getConnection(args[0], props)) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = names(md.getTables(null, "public", "%", new String[] {"TABLE"}), "TABLE_NAME");
            out.append("\"tables\":").append(strings(tables));
            out.append(",\"views\":").append(strings(names(md.getTables(null, "public", "%", new String[] {"VIEW"}), "TABLE_NAME")));

            out.append(",\"columns\":[");
            try (ResultSet rs = md.getColumns(null, "public", "event_points", "%")) {
                boolean first = true;
                while (rs.next()) {
                    out.append(first ? "" : ",").append("[").append(q(rs.getString("COLUMN_NAME"))).append(",")
                        .append(q(rs.getString("TYPE_NAME"))).append("]");
                    first = false;
                }
            }
            out.append("]");

            out.append(",\"primary_keys\":{");
            for (int i = 0; i < tables.size(); i++) {
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = md.getPrimaryKeys(null, "public", tables.get(i))) {
                    List<int[]> seq = new ArrayList<>();
                    List<String> raw = new ArrayList<>();
                    while (rs.next()) {
                        raw.add(rs.getString("COLUMN_NAME"));
                        seq.add(new int[] {rs.getInt("KEY_SEQ"), raw.size() - 1});
                    }
                    seq.sort((a, b) -> Integer.compare(a[0], b[0]));
                    for (int[] s : seq) {
                        cols.add(raw.get(s[1]));
                    }
                }
                out.append(i == 0 ? "" : ",").append(q(tables.get(i))).append(":").append(strings(cols));
            }
            out.append("}");

            out.append(",\"prepared\":[");
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT event_id, at_end, subject, t, site_lon, site_lat FROM event_points WHERE event_id = ? ORDER BY at_end")) {
                String[] ids = args[3].split(",");
                for (int i = 0; i < ids.length; i++) {
                    ps.setLong(1, Long.parseLong(ids[i]));
                    out.append(i == 0 ? "" : ",").append("{\"rows\":[");
                    try (ResultSet rs = ps.executeQuery()) {
                        boolean first = true;
                        while (rs.next()) {
                            out.append(first ? "" : ",").append("[").append(rs.getLong(1)).append(",").append(rs.getBoolean(2))
                                .append(",").append(q(rs.getString(3))).append(",").append(rs.getTimestamp(4).getTime())
                                .append(",").append(num(rs.getDouble(5))).append(",").append(num(rs.getDouble(6))).append("]");
                            first = false;
                        }
                    }
                    out.append("],\"server_prepared\":").append(ps.unwrap(PGStatement.class).isUseServerPrepare()).append("}");
                }
            }
            out.append("]");

            c.setAutoCommit(false); // a fetch size needs a transaction
            out.append(",\"fetched\":[");
            try (Statement st = c.createStatement()) {
                st.setFetchSize(100);
                try (ResultSet rs = st.executeQuery("SELECT event_id, at_end FROM event_points ORDER BY event_id, at_end")) {
                    boolean first = true;
                    while (rs.next()) {
                        out.append(first ? "" : ",").append("[").append(rs.getLong(1)).append(",").append(rs.getBoolean(2)).append("]");
                        first = false;
                    }
                }
            }
            out.append("]");
            c.commit();
        }
        out.append("}");
        System.out.println(out);
    }

    static List<String> names(ResultSet rs, String col) throws Exception {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(col));
            }
        }
        return out;
    }

    static String strings(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            b.append(i == 0 ? "" : ",").append(q(list.get(i)));
        }
        return b.append("]").toString();
    }

    // num writes a double so that it reads back as the same double.
    static String num(double d) {
        return Double.toString(d);
    }

    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.append("\"").toString();
    }
}
