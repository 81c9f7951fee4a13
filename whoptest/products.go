package whoptest

import (
	"net/http"
	"slices"
	"time"

	"github.com/gowhop/whop"
)

type productRec struct {
	p   whop.Product
	typ whop.ProductType
	seq int64
}

func (s *Server) productRoutes() {
	s.handle("GET "+BasePath+"/products", s.listProducts)
	s.handle("POST "+BasePath+"/products", s.createProduct)
	s.handle("GET "+BasePath+"/products/{id}", s.getProduct)
	s.handle("PATCH "+BasePath+"/products/{id}", s.updateProduct)
	s.handle("DELETE "+BasePath+"/products/{id}", s.deleteProduct)
}

func (s *Server) listProducts(r *http.Request) (any, error) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", q.Get("company_id"))
	if err != nil {
		return nil, err
	}
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	types := listArray(q, "product_types")
	vis := listArray(q, "visibilities")
	var items []*productRec
	for _, rec := range s.state.products {
		if rec.p.Company.ID != co.ID || !win.contains(rec.p.CreatedAt) {
			continue
		}
		if len(types) > 0 && !slices.Contains(types, string(rec.typ)) {
			continue
		}
		if !visibilityMatches(vis, rec.p.Visibility) {
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *productRec) (whop.ProductListItem, error) { return rec.p.ProductListItem, nil })
}

// visibilityMatches applies the visibilities filter; without one, archived
// products are hidden as on the real API's default listing.
func visibilityMatches(filter []string, v whop.Visibility) bool {
	if len(filter) == 0 {
		return v != whop.VisibilityArchived
	}
	for _, f := range filter {
		switch whop.VisibilityFilter(f) {
		case whop.VisibilityFilterAll:
			return true
		case whop.VisibilityFilterNotArchived:
			if v != whop.VisibilityArchived {
				return true
			}
		case whop.VisibilityFilterNotQuickLink:
			if v != whop.VisibilityQuickLink {
				return true
			}
		default:
			if string(v) == f {
				return true
			}
		}
	}
	return false
}

func (s *Server) createProduct(r *http.Request) (any, error) {
	var in whop.ProductCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if in.Title == "" {
		return nil, missingParam("title")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	return s.addProductLocked(co, &in, s.now().UTC()), nil
}

// addProductLocked stores a new product built from a create body.
func (s *Server) addProductLocked(co *company, in *whop.ProductCreateParams, now time.Time) whop.Product {
	p := whop.Product{
		ProductListItem: whop.ProductListItem{
			ID: s.newID("prod"), Title: in.Title, Visibility: whop.VisibilityVisible,
			Headline: in.Headline, CreatedAt: now, UpdatedAt: now, Route: slug(in.Title),
		},
		Description: in.Description, CustomCTA: whop.CustomCTAGetAccess, CustomCTAURL: in.CustomCTAURL,
		CustomStatementDescriptor: in.CustomStatementDescriptor,
		GlobalAffiliatePercentage: in.GlobalAffiliatePercentage, GlobalAffiliateStatus: whop.AffiliateStatusDisabled,
		MemberAffiliatePercentage: in.MemberAffiliatePercentage, MemberAffiliateStatus: whop.AffiliateStatusDisabled,
		GalleryImages: []whop.ProductImage{},
		OwnerUser:     whop.UserRef{ID: ownerUserID, Username: "owner"},
		Company:       co.ref(),
	}
	if in.Route != nil {
		p.Route = *in.Route
	}
	if in.Visibility != nil {
		p.Visibility = *in.Visibility
	}
	if in.CustomCTA != nil {
		p.CustomCTA = *in.CustomCTA
	}
	if in.GlobalAffiliateStatus != nil {
		p.GlobalAffiliateStatus = *in.GlobalAffiliateStatus
	}
	if in.MemberAffiliateStatus != nil {
		p.MemberAffiliateStatus = *in.MemberAffiliateStatus
	}
	s.seq++
	s.state.products[p.ID] = &productRec{p: p, typ: whop.ProductTypeRegular, seq: s.seq}
	return p
}

func (s *Server) productLocked(id string) (*productRec, error) {
	rec, ok := s.state.products[id]
	if !ok {
		return nil, notFound("product", id)
	}
	return rec, nil
}

func (s *Server) getProduct(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.productLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return rec.p, nil
}

func (s *Server) updateProduct(r *http.Request) (any, error) {
	var in whop.ProductUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.productLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &rec.p
	if in.Title.IsNull() {
		return nil, badParam("title", "title cannot be null")
	}
	if v, ok := in.Title.Get(); ok {
		p.Title = v
	}
	setNullable(&p.Headline, in.Headline)
	setNullable(&p.Description, in.Description)
	setNullable(&p.CustomCTAURL, in.CustomCTAURL)
	setNullable(&p.CustomStatementDescriptor, in.CustomStatementDescriptor)
	setNullable(&p.GlobalAffiliatePercentage, in.GlobalAffiliatePercentage)
	setNullable(&p.MemberAffiliatePercentage, in.MemberAffiliatePercentage)
	if v, ok := in.Visibility.Get(); ok {
		p.Visibility = v
	}
	if v, ok := in.CustomCTA.Get(); ok {
		p.CustomCTA = v
	}
	if v, ok := in.Route.Get(); ok {
		p.Route = v
	}
	if v, ok := in.GlobalAffiliateStatus.Get(); ok {
		p.GlobalAffiliateStatus = v
	}
	if v, ok := in.MemberAffiliateStatus.Get(); ok {
		p.MemberAffiliateStatus = v
	}
	p.UpdatedAt = s.now().UTC()
	return *p, nil
}

// setNullable applies a PATCH field to a nullable response field.
func setNullable[T any](dst **T, n whop.Nullable[T]) {
	if v, ok := n.Get(); ok {
		*dst = &v
	} else if n.IsNull() {
		*dst = nil
	}
}

func (s *Server) deleteProduct(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if _, err := s.productLocked(id); err != nil {
		return nil, err
	}
	delete(s.state.products, id)
	return true, nil
}

func (r *productRec) key() string        { return r.p.ID }
func (r *productRec) created() time.Time { return r.p.CreatedAt }
func (r *productRec) order() int64       { return r.seq }
