package whoptest

import (
	"fmt"
	"time"

	"github.com/gowhop/whop"
)

// Demo lists what SeedDemo created.
type Demo struct {
	CompanyID  string
	ProductIDs []string
}

// Describe returns one line per seeded object, for printing.
func (d *Demo) Describe() []string {
	var out []string
	for _, id := range d.ProductIDs {
		out = append(out, "product: "+id)
	}
	return out
}

// SeedDemo fills the default company with a small, realistic world:
// products (and, as the fake grows, members, payment methods and
// payments), so a program can be pointed at the fake and find data.
func (s *Server) SeedDemo() *Demo {
	d := &Demo{CompanyID: DefaultCompanyID}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	for i, title := range []string{"Pickaxe Analytics", "Shovel Pro", "Lantern Club"} {
		created := now.Add(-time.Duration(3-i) * time.Hour)
		p := s.addProductLocked(s.state.companies[DefaultCompanyID], &whop.ProductCreateParams{
			Title: title, Headline: ptr(fmt.Sprintf("Demo product %d", i+1)), CustomCTA: ptr(whop.CustomCTAJoin),
		}, created)
		d.ProductIDs = append(d.ProductIDs, p.ID)
	}
	return d
}

func ptr[T any](v T) *T { return &v }
