package whop

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryEndpointMethodNamesItsRoute checks that each exported method of
// a service documents the HTTP method and path it calls, so that godoc
// maps every method to the API reference.
func TestEveryEndpointMethodNamesItsRoute(t *testing.T) {
	route := regexp.MustCompile(`(?m)^(GET|POST|PATCH|DELETE) /[a-z_{}/]+$`)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	methods := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			methods++
			assert.Regexp(t, route, fn.Doc.Text(), "%s.%s: its doc comment must name its METHOD /path", recv.Name, fn.Name.Name)
		}
	}
	assert.GreaterOrEqual(t, methods, 78, "service methods found")
}
