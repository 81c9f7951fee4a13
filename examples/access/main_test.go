package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

func TestDemoGrantsAndRevokes(t *testing.T) {
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), nil, noEnv, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	// The story, in order: no access, granted by membership.activated,
	// kept while canceling, revoked by membership.deactivated.
	wants := []string{
		`when="before paying" has_access=false`,
		`msg="access granted"`,
		`when="after paying" has_access=true access_level=customer`,
		`cancel_at_period_end=true status=canceling`,
		`when="after canceling, before the period ends" has_access=true`,
		`msg="access revoked"`,
		`msg="a month later" status=canceled`,
		`when="after the period ended" has_access=false access_level=no_access`,
	}
	rest := out.String()
	for _, want := range wants {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("output lacks %q after the earlier steps:\n%s", want, &out)
		}
		rest = rest[i+len(want):]
	}
}

func TestRealModeNeedsWebhookSecret(t *testing.T) {
	env := func(k string) string {
		if k == "WHOP_API_KEY" {
			return "sk_test"
		}
		return ""
	}
	err := run(context.Background(), nil, env, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "WHOP_WEBHOOK_SECRET") {
		t.Fatalf("want an error naming WHOP_WEBHOOK_SECRET, got %v", err)
	}
}
