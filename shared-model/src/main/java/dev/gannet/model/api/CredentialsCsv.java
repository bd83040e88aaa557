package dev.gannet.model.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials in CSV, for bulk import: a header line naming the columns (any order, any subset),
 * then one line per credentials. Cells follow RFC 4180 (quote a cell holding a comma, a quote or a
 * line break; double a quote inside). An empty cell is "not given". Authorization rules are
 * separated by {@code ;} in their cell.
 *
 * <pre>
 * name,credentialsType,clientType,clientId,userName,password,pubAuthRulePatterns,subAuthRulePatterns
 * thermostat,MQTT_BASIC,DEVICE,,thermostat,s3cret,sensors/.*,commands/thermostat/.*
 * </pre>
 */
public final class CredentialsCsv {

    /** The columns a file may have. */
    public static final List<String> COLUMNS = List.of("name", "credentialsType", "clientType", "clientId", "userName",
            "password", "certCommonName", "certCnPattern", "scramAlgorithm", "pubAuthRulePatterns", "subAuthRulePatterns");

    private CredentialsCsv() {
    }

    /** One parsed line, numbered from 1 (the header). */
    public record Row(int line, CredentialsRequest request) {
    }

    /** What reading the file found: the rows, and the problems (by line) of those that could not be read. */
    public record Parsed(List<Row> rows, List<ImportResult.ImportProblem> problems) {
    }

    public static Parsed parse(String csv) {
        List<Row> rows = new ArrayList<>();
        List<ImportResult.ImportProblem> problems = new ArrayList<>();
        List<Line> lines = split(csv);
        if (lines.isEmpty()) {
            problems.add(new ImportResult.ImportProblem(1, null, "the file is empty: a header line is required"));
            return new Parsed(rows, problems);
        }
        List<String> header = lines.get(0).cells();
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            String known = COLUMNS.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (known == null) {
                problems.add(new ImportResult.ImportProblem(1, name, "unknown column; the columns are " + String.join(", ", COLUMNS)));
            } else {
                column.put(known, i);
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(rows, problems);
        }
        for (Line line : lines.subList(1, lines.size())) {
            List<String> cells = line.cells();
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue; // a blank line
            }
            if (cells.size() > header.size()) {
                problems.add(new ImportResult.ImportProblem(line.number(), null,
                        "has " + cells.size() + " cells but the header names " + header.size() + " columns"));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            column.forEach((name, index) -> values.put(name, index < cells.size() && !cells.get(index).isEmpty()
                    ? cells.get(index) : null));
            CredentialsType type = null;
            ClientType clientType = null;
            try {
                type = values.get("credentialsType") == null ? null
                        : CredentialsType.valueOf(values.get("credentialsType").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new ImportResult.ImportProblem(line.number(), "credentialsType", "one of MQTT_BASIC, X_509, SCRAM"));
                continue;
            }
            try {
                clientType = values.get("clientType") == null ? null
                        : ClientType.valueOf(values.get("clientType").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new ImportResult.ImportProblem(line.number(), "clientType", "DEVICE or APPLICATION"));
                continue;
            }
            rows.add(new Row(line.number(), new CredentialsRequest(values.get("name"), type, clientType, values.get("clientId"),
                    values.get("userName"), values.get("password"), values.get("certCommonName"), values.get("certCnPattern"),
                    values.get("scramAlgorithm"), rules(values.get("pubAuthRulePatterns")),
                    rules(values.get("subAuthRulePatterns")))));
        }
        return new Parsed(rows, problems);
    }

    private static List<String> rules(String cell) {
        return cell == null ? null : Arrays.stream(cell.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private record Line(int number, List<String> cells) {
    }

    /** Splits into lines of cells; a quoted cell may span lines (the line number is where its row starts). */
    private static List<Line> split(String csv) {
        List<Line> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int lineNumber = 1;
        int rowStart = 1;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        lineNumber++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(new Line(rowStart, List.copyOf(cells)));
                cells.clear();
                any = false;
                lineNumber++;
                rowStart = lineNumber;
            } else {
                cell.append(c);
            }
        }
        if (any) {
            cells.add(cell.toString());
            lines.add(new Line(rowStart, List.copyOf(cells)));
        }
        if (!lines.isEmpty() && !lines.get(0).cells().isEmpty()) {
            // a UTF-8 byte order mark from a spreadsheet
            List<String> header = new ArrayList<>(lines.get(0).cells());
            header.set(0, header.get(0).replace("\uFEFF", ""));
            lines.set(0, new Line(1, List.copyOf(header)));
        }
        return lines;
    }
}
