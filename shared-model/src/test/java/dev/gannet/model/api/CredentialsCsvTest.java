package dev.gannet.model.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsCsvTest {

    @Test
    void columns_come_in_any_order_with_quoted_cells_and_rules_split_on_semicolons() {
        String csv = "\uFEFFuserName,name,credentialsType,clientType,password,pubAuthRulePatterns\r\n"
                + "meter-1,\"Meter, hall 1\",MQTT_BASIC,device,\"pa\"\"ss\",\"meters/.*; alarms/.*\"\r\n"
                + "\r\n"
                + "meter-2,Meter 2,mqtt_basic,APPLICATION,,\n";
        CredentialsCsv.Parsed parsed = CredentialsCsv.parse(csv);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows()).hasSize(2);
        CredentialsCsv.Row first = parsed.rows().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.request().name()).isEqualTo("Meter, hall 1");
        assertThat(first.request().password()).isEqualTo("pa\"ss");
        assertThat(first.request().clientType()).isEqualTo(ClientType.DEVICE);
        assertThat(first.request().pubAuthRulePatterns()).containsExactly("meters/.*", "alarms/.*");
        assertThat(first.request().subAuthRulePatterns()).as("no column: any").isNull();
        CredentialsCsv.Row second = parsed.rows().get(1);
        assertThat(second.line()).isEqualTo(4);
        assertThat(second.request().password()).as("empty cell: not given").isNull();
        assertThat(second.request().credentialsType()).isEqualTo(CredentialsType.MQTT_BASIC);
    }

    @Test
    void unknown_columns_and_bad_types_are_reported_by_line() {
        assertThat(CredentialsCsv.parse("name,colour\nx,red\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("colour"));
        CredentialsCsv.Parsed parsed = CredentialsCsv.parse("name,credentialsType\na,MQTT_BASIC\nb,LDAP\nc,X_509,extra\n");
        assertThat(parsed.rows()).hasSize(1);
        assertThat(parsed.problems()).extracting(ImportResult.ImportProblem::line).containsExactly(3, 4);
        assertThat(CredentialsCsv.parse("").problems()).hasSize(1);
    }

    @Test
    void a_quoted_cell_may_span_lines() {
        CredentialsCsv.Parsed parsed = CredentialsCsv.parse("name,userName\n\"two\nlines\",u\nnext,v\n");
        assertThat(parsed.rows()).extracting(r -> r.request().name()).containsExactly("two\nlines", "next");
        assertThat(parsed.rows()).extracting(CredentialsCsv.Row::line).containsExactly(2, 4);
    }
}
