package whopsql

import (
	"strings"
	"testing"
)

func TestSchemaMatchesCreateTable(t *testing.T) {
	if got := strings.Join(schemaFor(DefaultTable), "\n") + "\n"; got != Schema {
		t.Fatalf("CreateTable's statements for the default table differ from Schema:\n%s", got)
	}
	stmts := schemaFor("billing.deliveries")
	if !strings.Contains(stmts[0], "TABLE IF NOT EXISTS billing.deliveries (") || !strings.Contains(stmts[1], "INDEX IF NOT EXISTS deliveries_expires_at_idx\n\tON billing.deliveries (") {
		t.Fatalf("schema-qualified table:\n%s", strings.Join(stmts, "\n"))
	}
}
