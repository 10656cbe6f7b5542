package ai.bvrai.query.analytics;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of one batch into one table in one statement: {@code INSERT … SELECT * FROM unnest(…) ON CONFLICT … DO
 * UPDATE}, each column sent as one array. Against a JDBC batch of row-by-row upserts PostgreSQL plans and runs one
 * statement per batch instead of one per row (the rebuild of the read model is mostly these writes).
 *
 * @param sql   the statement
 * @param types the SQL type of each column, in order
 */
record Upsert(String sql, List<String> types) {

    /**
     * An upsert into {@code table} whose first {@code keys} columns are the conflict target; on a conflict each
     * other column is combined with {@code update}, e.g. {@code "%1$s = t.%1$s + excluded.%1$s"}.
     *
     * @param columns each {@code "name type"}, type one of text, date, int, bigint
     */
    static Upsert into(String table, int keys, String update, String... columns) {
        List<String> names = Arrays.stream(columns).map(c -> c.split(" ")[0]).toList();
        List<String> types = Arrays.stream(columns).map(c -> c.split(" ")[1]).toList();
        String sql = "INSERT INTO " + table + " AS t (" + String.join(", ", names) + ") SELECT * FROM unnest("
                + types.stream().map(type -> "?::" + type + "[]").collect(Collectors.joining(", ")) + ") "
                + "ON CONFLICT (" + String.join(", ", names.subList(0, keys)) + ") DO UPDATE SET "
                + names.subList(keys, names.size()).stream().map(update::formatted).collect(Collectors.joining(", "));
        return new Upsert(sql, types);
    }

    /** An upsert that adds the other columns to what the row holds (counters). */
    static Upsert adding(String table, int keys, String... columns) {
        return into(table, keys, "%1$s = t.%1$s + excluded.%1$s", columns);
    }

    void run(JdbcTemplate jdbc, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int column = 0; column < types.size(); column++) {
                statement.setArray(column + 1, array(connection, types.get(column), rows, column));
            }
            return statement;
        });
    }

    private static java.sql.Array array(Connection connection, String type, List<Object[]> rows, int column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = rows.get(i)[column];
            values[i] = type.equals("date") ? String.valueOf(value) : value;
        }
        String arrayType = switch (type) {
            case "int" -> "int4";
            case "bigint" -> "int8";
            default -> "text"; // a date goes as its ISO text, cast by the statement
        };
        return connection.createArrayOf(arrayType, values);
    }
}
