// Package readmecheck keeps the Go snippets of the project's README
// compiling as pasted. Each ```go block becomes a package of its own in a
// throw-away module that points at this checkout, and one `go vet` run
// type-checks them all: an unused variable, a wrong field name or a
// missing import fails the test with the snippet's line in README.md.
package readmecheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// snippet is one ```go block of the README.
type snippet struct {
	line int // 1-based line of the opening fence
	code string
}

func readmeSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	var cur *snippet
	var buf strings.Builder
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.TrimSpace(l) == "```go":
			cur = &snippet{line: i + 1}
			buf.Reset()
		case cur != nil && strings.TrimSpace(l) == "```":
			cur.code = buf.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			buf.WriteString(l)
			buf.WriteByte('\n')
		}
	}
	return out
}

// knownImports maps the package names a snippet may use without importing
// them to their import paths.
var knownImports = map[string]string{
	"bytes": "bytes", "context": "context", "errors": "errors", "fmt": "fmt",
	"http": "net/http", "httptest": "net/http/httptest", "io": "io", "json": "encoding/json",
	"log": "log", "math": "math", "os": "os", "slog": "log/slog", "sql": "database/sql",
	"strings": "strings", "sync": "sync", "testing": "testing", "time": "time",
	"whop": "github.com/gowhop/whop", "whoptest": "github.com/gowhop/whop/whoptest",
	"whopsql": "github.com/gowhop/whop/whopsql",
}

var (
	importLine = regexp.MustCompile(`^\s*(?:import\s+)?(?:[\w.]+\s+)?"[^"]+"\s*$`)
	topLevel   = regexp.MustCompile(`(?m)^(func|type) `)
	comment    = regexp.MustCompile(`//.*`)
)

// render turns a snippet into a compilable file. The README says what a
// fragment may assume: ctx, client (a *whop.Client), v (a
// *whop.WebhookVerifier) and handle (the user's webhook function). A block
// whose first line starts with "// Needs " uses packages outside this
// module (OpenTelemetry, say) and is skipped, as is a whopredis block. A block with its own
// package clause is used as it is. Otherwise its import lines are lifted,
// the packages it names are imported, and a fragment of statements is
// wrapped in a function that returns an error, with ctx, client and err
// predeclared the way the README's prose assumes.
func render(s snippet) (string, bool) {
	if strings.Contains(s.code, "github.com/gowhop/whop/whopredis") || strings.Contains(s.code, "whopredis.") {
		return "", false // its own module: checked by that module's tests
	}
	if strings.HasPrefix(s.code, "// Needs ") {
		return "", false // names packages outside this module, and says so
	}
	if regexp.MustCompile(`(?m)^package \w+`).MatchString(s.code) {
		return s.code, true
	}
	imports := map[string]string{}
	var body []string
	inImport := false
	for _, l := range strings.Split(s.code, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "import (":
			inImport = true
			continue
		case inImport && t == ")":
			inImport = false
			continue
		case inImport || (strings.HasPrefix(t, "import ") && importLine.MatchString(t)):
			spec := strings.TrimPrefix(t, "import ")
			if spec != "" {
				imports[spec] = spec
			}
			continue
		}
		body = append(body, l)
	}
	code := strings.Join(body, "\n")
	var top, fn string
	if topLevel.MatchString(code) {
		top = code
	} else {
		fn = code
	}
	used := map[string]bool{"context": true, "whop": true}
	bare := comment.ReplaceAllString(code, "")
	for name := range knownImports {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(bare) {
			used[name] = true
		}
	}
	var names []string
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	var f bytes.Buffer
	f.WriteString("package main\n\nimport (\n")
	for _, spec := range imports {
		f.WriteString("\t" + spec + "\n")
	}
	for _, n := range names {
		path := knownImports[n]
		explicit := false
		for spec := range imports {
			if strings.Contains(spec, `"`+path+`"`) {
				explicit = true
			}
		}
		if !explicit {
			fmt.Fprintf(&f, "\t%q\n", path)
		}
	}
	f.WriteString(")\n\n")
	f.WriteString("var (\n\tctx    = context.Background()\n\tclient *whop.Client\n\tv      *whop.WebhookVerifier\n\thandle func(context.Context, *whop.WebhookEvent) error\n\terr    error\n)\n\n")
	f.WriteString("func main() { _ = snippet() }\n\n")
	// A line directive makes the compiler report README.md positions.
	directive := fmt.Sprintf("//line README.md:%d\n", s.line+1)
	if top != "" {
		f.WriteString(directive + top)
	}
	f.WriteString("\n\nfunc snippet() error {\n")
	if fn != "" {
		f.WriteString(directive + fn)
	}
	last := ""
	for _, l := range strings.Split(strings.TrimSpace(fn), "\n") {
		if t := strings.TrimSpace(l); t != "" {
			last = t
		}
	}
	if !strings.HasPrefix(last, "return") {
		f.WriteString("\n\treturn nil\n")
	}
	f.WriteString("}\n")
	return f.String(), true
}

func TestREADMESnippetsCompile(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	snippets := readmeSnippets(t, filepath.Join(root, "README.md"))
	if len(snippets) < 5 {
		t.Fatalf("found %d Go snippets in README.md; the extractor is broken", len(snippets))
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the README's snippets: %v", err)
	}
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	// The snippet module requires what this checkout's go.mod requires, so
	// its module graph is complete without a network or a tidy.
	rootMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := regexp.MustCompile(`(?s)\nrequire \(.*?\n\)|\nrequire [^\n(]+`).FindAllString(string(rootMod), -1)
	goLine := regexp.MustCompile(`(?m)^go \S+`).FindString(string(rootMod))
	gomod := fmt.Sprintf("module readmesnippets\n\n%s\n\nrequire github.com/gowhop/whop v0.0.0\n%s\n\nreplace github.com/gowhop/whop => %s\n",
		goLine, strings.Join(reqs, "\n"), root)
	mustWrite(t, filepath.Join(dir, "go.mod"), gomod)
	mustWrite(t, filepath.Join(dir, "go.sum"), string(sum))
	for _, s := range snippets {
		src, ok := render(s)
		if !ok {
			continue
		}
		pkg := fmt.Sprintf("line%04d", s.line)
		mustWrite(t, filepath.Join(dir, pkg, "main.go"), src)
	}
	vet := exec.Command(goBin, "vet", "./...")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOPROXY=off")
	out, err := vet.CombinedOutput()
	if err != nil {
		t.Fatalf("README snippets do not compile as pasted (module in %s):\n%s", dir, out)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
