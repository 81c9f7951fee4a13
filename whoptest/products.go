package whoptest

import (
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
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
	return listPageBy(items, q, s.productOrdersLocked(), func(rec *productRec) (whop.ProductListItem, error) { return rec.p.ProductListItem, nil })
}

// productOrdersLocked are the sort orders of GET /products besides
// created_at, computed from the fake's payments: memberships still active,
// and the paid USD volume less refunds (all time, or the last 30 days) in
// cents.
func (s *Server) productOrdersLocked() map[string]func(*productRec) int64 {
	active, gmv, gmv30 := map[string]int64{}, map[string]int64{}, map[string]int64{}
	since := s.now().Add(-30 * 24 * time.Hour)
	for _, rec := range s.state.payments {
		p := &rec.p
		if p.Product == nil {
			continue
		}
		if p.Membership != nil && p.Membership.Status == whop.MembershipStatusActive {
			active[p.Product.ID]++
		}
		if p.USDTotal != nil && p.PaidAt != nil {
			cents := int64(math.Round((*p.USDTotal - *p.RefundedAmount) * 100))
			gmv[p.Product.ID] += cents
			if p.PaidAt.After(since) {
				gmv30[p.Product.ID] += cents
			}
		}
	}
	by := func(m map[string]int64) func(*productRec) int64 {
		return func(r *productRec) int64 { return m[r.p.ID] }
	}
	return map[string]func(*productRec) int64{
		string(whop.ProductOrderActiveMembershipsCount): by(active),
		string(whop.ProductOrderUSDGMV):                 by(gmv),
		string(whop.ProductOrderUSDGMV30Days):           by(gmv30),
	}
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
	if err := required("title", in.Title); err != nil {
		return nil, err
	}
	if in.PlanOptions != nil {
		if err := customFields("plan_options.custom_fields", in.PlanOptions.CustomFields); err != nil {
			return nil, err
		}
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
			Metadata: maps.Clone(in.Metadata),
		},
		Description: in.Description, CustomCTA: whop.CustomCTAGetAccess, CustomCTAURL: in.CustomCTAURL,
		CustomStatementDescriptor: in.CustomStatementDescriptor,
		GlobalAffiliatePercentage: in.GlobalAffiliatePercentage, GlobalAffiliateStatus: whop.GlobalAffiliateStatusDisabled,
		MemberAffiliatePercentage: in.MemberAffiliatePercentage, MemberAffiliateStatus: whop.GlobalAffiliateStatusDisabled,
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
	return lookup(s.state.products, "product", id)
}

func (s *Server) getProduct(r *http.Request) (any, error) {
	return getByID(s, r, s.productLocked, func(rec *productRec) any { return rec.p })
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
		if err := required("title", v); err != nil {
			return nil, err
		}
		p.Title = v
	}
	if imgs, ok := in.GalleryImages.Get(); ok {
		for i, f := range imgs {
			if err := required("gallery_images["+strconv.Itoa(i)+"].id", f.ID); err != nil {
				return nil, err
			}
		}
	}
	setNullable(&p.Headline, in.Headline)
	setNullable(&p.Description, in.Description)
	setNullable(&p.CustomCTAURL, in.CustomCTAURL)
	setNullable(&p.CustomStatementDescriptor, in.CustomStatementDescriptor)
	setNullable(&p.GlobalAffiliatePercentage, in.GlobalAffiliatePercentage)
	setNullable(&p.MemberAffiliatePercentage, in.MemberAffiliatePercentage)
	setOrClear(&p.Metadata, in.Metadata) // decoded for this request: nothing else holds the map
	setValue(&p.Visibility, in.Visibility)
	setValue(&p.CustomCTA, in.CustomCTA)
	setValue(&p.Route, in.Route)
	setValue(&p.GlobalAffiliateStatus, in.GlobalAffiliateStatus)
	setValue(&p.MemberAffiliateStatus, in.MemberAffiliateStatus)
	p.UpdatedAt = s.now().UTC()
	return *p, nil
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

func (r *productRec) created() time.Time { return r.p.CreatedAt }
func (r *productRec) order() int64       { return r.seq }
