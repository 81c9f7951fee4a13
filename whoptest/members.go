package whoptest

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// Member is a customer of a company as the fake knows it: the member
// record and the user behind it.
type Member struct {
	ID        string
	CompanyID string
	UserID    string
	Username  string
	Name      string
	Email     string

	createdAt time.Time
	seq       int64
}

// MemberOption adjusts a seeded member.
type MemberOption func(*Member)

// WithMemberCompany seeds the member into another company than the
// default one.
func WithMemberCompany(companyID string) MemberOption {
	return func(m *Member) { m.CompanyID = companyID }
}

// WithMemberEmail sets the member's email address.
func WithMemberEmail(email string) MemberOption {
	return func(m *Member) { m.Email = email }
}

// SeedMember adds a member (and its user) to the default company, or to
// another with WithMemberCompany, and returns it.
func (s *Server) SeedMember(name string, opts ...MemberOption) Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := Member{CompanyID: DefaultCompanyID, Name: name, Username: slug(name)}
	for _, o := range opts {
		o(&m)
	}
	if m.Username == "" {
		m.Username = "user"
	}
	if m.Email == "" {
		m.Email = m.Username + "@example.com"
	}
	m.ID = s.newID("mber")
	m.UserID = s.newID("user")
	m.createdAt = s.now().UTC()
	s.seq++
	m.seq = s.seq
	s.state.members[m.ID] = &m
	s.state.memberByUser[memberKey{m.CompanyID, m.UserID}] = &m
	s.addUserLocked(m.UserID, m.Username, m.namePtr(), m.createdAt)
	return m
}

type memberKey struct{ companyID, userID string }

// memberOfUserLocked finds the member of company for user.
func (s *Server) memberOfUserLocked(param, companyID, userID string) (*Member, error) {
	if userID == "" {
		return nil, missingParam(param)
	}
	m, ok := s.state.memberByUser[memberKey{companyID, userID}]
	if !ok {
		return nil, notFound("user", userID)
	}
	return m, nil
}

func (m *Member) namePtr() *string {
	if m.Name == "" {
		return nil
	}
	n := m.Name
	return &n
}

func (m *Member) tokenUser() whop.UserRef {
	return whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username}
}

func (m *Member) created() time.Time { return m.createdAt }
func (m *Member) order() int64       { return m.seq }

func (s *Server) memberRoutes() {
	s.handle("GET "+BasePath+"/members", s.listMembers)
	s.handle("GET "+BasePath+"/members/{id}", s.getMember)
}

// memberViewLocked is the API's view of a member: its access level and
// spending come from its memberships and payments.
func (s *Server) memberViewLocked(m *Member) whop.Member {
	level := whop.AccessLevelNoAccess
	if s.hasAccessLocked(m.UserID, m.CompanyID) {
		level = whop.AccessLevelCustomer
	}
	// Summed in cents, so that the map's order cannot change the total.
	var cents int64
	for _, p := range s.state.payments {
		if p.p.Member != nil && p.p.Member.ID == m.ID && p.p.USDTotal != nil && p.p.Status != nil && *p.p.Status == whop.PaymentStatusPaid {
			cents += int64(math.Round((*p.p.USDTotal - *p.p.RefundedAmount) * 100))
		}
	}
	spent := float64(cents) / 100
	co := s.state.companies[m.CompanyID]
	return whop.Member{
		MemberListItem: whop.MemberListItem{
			ID: m.ID, AccessLevel: level, Status: whop.MemberStatusJoined,
			CompanyTokenBalance: s.state.balances[memberKey{m.CompanyID, m.UserID}],
			CreatedAt:           m.createdAt, UpdatedAt: m.createdAt, JoinedAt: m.createdAt,
			USDTotalSpent: round2(spent),
			User:          &whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username, Email: ptr(m.Email)},
		},
		Company: co.ref(),
	}
}

func (s *Server) getMember(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.state.members[r.PathValue("id")]
	if !ok {
		return nil, notFound("member", r.PathValue("id"))
	}
	return s.memberViewLocked(m), nil
}

func (s *Server) listMembers(r *http.Request) (any, error) {
	q := r.URL.Query()
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	companyID := q.Get("company_id")
	if companyID != "" {
		if _, err := s.companyLocked("company_id", companyID); err != nil {
			return nil, err
		}
	}
	level, users, statuses := q.Get("access_level"), listArray(q, "user_ids"), listArray(q, "statuses")
	plans, products := listArray(q, "plan_ids"), listArray(q, "product_ids")
	search := strings.ToLower(q.Get("query"))
	holds := func(m *Member) bool {
		if len(plans) == 0 && len(products) == 0 {
			return true
		}
		for _, r := range s.state.memberships {
			if r.memberID == m.ID && (slices.Contains(plans, r.m.Plan.ID) || slices.Contains(products, r.m.Product.ID)) {
				return true
			}
		}
		return false
	}
	var items []*Member
	for _, m := range s.state.members {
		switch {
		case companyID != "" && m.CompanyID != companyID,
			!win.contains(m.createdAt),
			len(users) > 0 && !slices.Contains(users, m.UserID),
			len(statuses) > 0 && !slices.Contains(statuses, string(whop.MemberStatusJoined)),
			search != "" && !strings.Contains(strings.ToLower(m.Name+" "+m.Username+" "+m.Email), search),
			!holds(m):
			continue
		}
		if level != "" && string(s.memberViewLocked(m).AccessLevel) != level {
			continue
		}
		items = append(items, m)
	}
	return listPage(items, q, func(m *Member) (whop.MemberListItem, error) { return s.memberViewLocked(m).MemberListItem, nil })
}
