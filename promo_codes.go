package whop

import (
	"context"
	"iter"
	"math"
	"net/http"
	"time"
)

// PromoCodesService manages promo codes: discounts buyers apply at
// checkout.
type PromoCodesService service

// PromoCodeStatus says whether a promo code can be used.
type PromoCodeStatus string

// Values of PromoCodeStatus.
const (
	PromoCodeStatusActive   PromoCodeStatus = "active"
	PromoCodeStatusInactive PromoCodeStatus = "inactive"
	PromoCodeStatusArchived PromoCodeStatus = "archived"
)

// PromoDuration says for how many payments of a renewing plan a promo code
// applies: the first only, a number of months, or all of them.
type PromoDuration string

// Values of PromoDuration.
const (
	PromoDurationForever   PromoDuration = "forever"
	PromoDurationOnce      PromoDuration = "once"
	PromoDurationRepeating PromoDuration = "repeating"
)

// PromoCodeListItem is a promo code as list calls return it.
type PromoCodeListItem struct {
	ID string `json:"id"`
	// Code is what buyers type at checkout.
	Code   *string         `json:"code"`
	Status PromoCodeStatus `json:"status"`
	// AmountOff is a percentage (20 for 20% off) or an amount of Currency
	// (10.00 off), as PromoType says.
	AmountOff           float64        `json:"amount_off"`
	PromoType           PromoType      `json:"promo_type"`
	Currency            Currency       `json:"currency"`
	Duration            *PromoDuration `json:"duration"`
	PromoDurationMonths *int           `json:"promo_duration_months"`
	// The restrictions on who may use the code and how often.
	NewUsersOnly            bool `json:"new_users_only"`
	ChurnedUsersOnly        bool `json:"churned_users_only"`
	ExistingMembershipsOnly bool `json:"existing_memberships_only"`
	OnePerCustomer          bool `json:"one_per_customer"`
	// Stock caps the uses unless UnlimitedStock; Uses counts them.
	Stock          int         `json:"stock"`
	UnlimitedStock bool        `json:"unlimited_stock"`
	Uses           int         `json:"uses"`
	ExpiresAt      *time.Time  `json:"expires_at"`
	Product        *ProductRef `json:"product"`
	CreatedAt      time.Time   `json:"created_at"`
}

// PromoCode is a promo code with all its details: its list form plus the
// company.
type PromoCode struct {
	PromoCodeListItem
	Company CompanyRef `json:"company"`
}

// PromoCodeListParams filters GET /promo_codes. CompanyID is required.
type PromoCodeListParams struct {
	ListParams
	CompanyID     string          `url:"company_id"`
	PlanIDs       []string        `url:"plan_ids,brackets,omitempty"`
	ProductIDs    []string        `url:"product_ids,brackets,omitempty"`
	Status        PromoCodeStatus `url:"status,omitempty"`
	CreatedBefore *time.Time      `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time      `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *PromoCodeListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// PromoCodeCreateParams is the body of POST /promo_codes. CompanyID, Code,
// AmountOff, BaseCurrency and PromoType are required; NewUsersOnly and
// PromoDurationMonths are always sent. Nil pointers are left out.
type PromoCodeCreateParams struct {
	CompanyID string `json:"company_id"`
	// Code is what buyers type at checkout.
	Code string `json:"code"`
	// AmountOff is the percentage off (20 for 20%) for PromoTypePercentage,
	// or the amount of BaseCurrency off for PromoTypeFlatAmount.
	AmountOff    float64   `json:"amount_off"`
	BaseCurrency Currency  `json:"base_currency"`
	PromoType    PromoType `json:"promo_type"`
	// PromoDurationMonths is how many billing months the discount lasts.
	PromoDurationMonths     int        `json:"promo_duration_months"`
	NewUsersOnly            bool       `json:"new_users_only"`
	ChurnedUsersOnly        *bool      `json:"churned_users_only,omitempty"`
	ExistingMembershipsOnly *bool      `json:"existing_memberships_only,omitempty"`
	OnePerCustomer          *bool      `json:"one_per_customer,omitempty"`
	ExpiresAt               *time.Time `json:"expires_at,omitempty"`
	// PlanIDs and ProductID limit the code to those plans, or to the
	// plans of that product.
	PlanIDs        []string `json:"plan_ids,omitempty"`
	ProductID      *string  `json:"product_id,omitempty"`
	Stock          *int     `json:"stock,omitempty"`
	UnlimitedStock *bool    `json:"unlimited_stock,omitempty"`
}

func (p *PromoCodeCreateParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	for _, f := range []struct{ name, v string }{
		{"company_id", p.CompanyID}, {"code", p.Code},
		{"base_currency", string(p.BaseCurrency)}, {"promo_type", string(p.PromoType)},
	} {
		if err := requireString(f.name, f.v); err != nil {
			return err
		}
	}
	if math.IsNaN(p.AmountOff) || math.IsInf(p.AmountOff, 0) || p.AmountOff <= 0 {
		return paramErr("amount_off", "must be greater than zero")
	}
	if p.PromoType == PromoTypePercentage && p.AmountOff > 100 {
		return paramErr("amount_off", "must not exceed 100 for a percentage")
	}
	if p.PromoDurationMonths < 0 {
		return paramErr("promo_duration_months", "must not be negative")
	}
	if p.Stock != nil && *p.Stock < 0 {
		return paramErr("stock", "must not be negative")
	}
	return nil
}

// List returns one page of a company's promo codes.
//
// GET /promo_codes
func (s *PromoCodesService) List(ctx context.Context, params *PromoCodeListParams, opts ...RequestOption) (*Page[PromoCodeListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[PromoCodeListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/promo_codes", query: params}, opts)
}

// ListAll iterates over every promo code matching params, fetching pages
// as the loop advances. params is not modified.
//
// GET /promo_codes
func (s *PromoCodesService) ListAll(ctx context.Context, params *PromoCodeListParams, opts ...RequestOption) iter.Seq2[PromoCodeListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *PromoCodeListParams) (*Page[PromoCodeListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Create creates a promo code.
//
// POST /promo_codes
func (s *PromoCodesService) Create(ctx context.Context, params *PromoCodeCreateParams, opts ...RequestOption) (*PromoCode, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[PromoCode](ctx, s.client, apiRequest{method: http.MethodPost, path: "/promo_codes", body: params}, opts)
}

// Get retrieves a promo code.
//
// GET /promo_codes/{id}
func (s *PromoCodesService) Get(ctx context.Context, id string, opts ...RequestOption) (*PromoCode, error) {
	return call[PromoCode](ctx, s.client, apiRequest{method: http.MethodGet, path: "/promo_codes/{id}", id: id}, opts)
}

// Delete archives a promo code so it can no longer be applied; memberships
// that already use it keep their discount. It returns nil once the API
// confirms with its bare true.
//
// DELETE /promo_codes/{id}
func (s *PromoCodesService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodDelete, path: "/promo_codes/{id}", id: id}, opts)
}

func (x *PromoCode) identity() (field, value string) { return "id", x.ID }

func (x *PromoCodeListItem) identity() (field, value string) { return "id", x.ID }
