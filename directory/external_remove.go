package directory

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
)

// RemoveExternalFollower records that employeeID no longer follows external contact externalUserID (WeCom's
// del_external_contact and del_follow_user): the follower row goes, and the contact goes with it when nobody follows
// it any more. It reports whether the contact remains. Removing a follower or a contact that is not there is no
// error (a callback processed twice). It returns internal when ctx has no tenant.
func (s *Store) RemoveExternalFollower(ctx context.Context, externalUserID string, employeeID uint64) (bool, error) {
	if _, err := requireTenant(ctx, "remove external follower"); err != nil {
		return false, err
	}
	remains := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Where("external_userid = ? AND employee_id = ?", externalUserID, employeeID).
			Delete(&ExternalFollower{}).Error
		if err != nil {
			return fmt.Errorf("delete follower: %w", err)
		}
		var left int64
		if err := tx.Model(&ExternalFollower{}).Where("external_userid = ?", externalUserID).Count(&left).Error; err != nil {
			return fmt.Errorf("count followers: %w", err)
		}
		if left > 0 {
			var n int64
			err := tx.Model(&ExternalContact{}).Where("external_userid = ?", externalUserID).Count(&n).Error
			remains = n > 0
			return err
		}
		return tx.Where("external_userid = ?", externalUserID).Delete(&ExternalContact{}).Error
	})
	if err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "remove external follower")
	}
	return remains, nil
}

// DeleteExternalContact removes an external contact and its followers (WeCom no longer shows it to any member in
// the app's range); deleting one that is not there is no error. It returns internal when ctx has no tenant.
func (s *Store) DeleteExternalContact(ctx context.Context, externalUserID string) error {
	if _, err := requireTenant(ctx, "delete external contact"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("external_userid = ?", externalUserID).Delete(&ExternalFollower{}).Error; err != nil {
			return err
		}
		return tx.Where("external_userid = ?", externalUserID).Delete(&ExternalContact{}).Error
	})
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "delete external contact")
	}
	return nil
}

// EmployeeIDsByWeComUserIDs maps each of userIDs that names an employee of the tenant in ctx (WeCom user IDs
// compare without case, as WeCom's do, see NormalizeWeComUserID) to the employee's ID, keyed by the user ID as given; unknown IDs are left
// out. It returns internal when ctx has no tenant.
func (s *Store) EmployeeIDsByWeComUserIDs(ctx context.Context, userIDs []string) (map[string]uint64, error) {
	if _, err := requireTenant(ctx, "employees by wecom userid"); err != nil {
		return nil, err
	}
	out := make(map[string]uint64, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID          uint64
		WeComUserID string `gorm:"column:wecom_userid"`
	}
	normalized := make([]string, len(userIDs))
	for i, u := range userIDs {
		normalized[i] = NormalizeWeComUserID(u)
	}
	err := s.db.WithContext(ctx).Model(&Employee{}).Select("id, wecom_userid").
		Where("wecom_userid IN ?", normalized).Scan(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "employees by wecom userid")
	}
	byID := make(map[string]uint64, len(rows))
	for _, r := range rows {
		byID[r.WeComUserID] = r.ID
	}
	for _, u := range userIDs {
		if id, ok := byID[NormalizeWeComUserID(u)]; ok {
			out[u] = id
		}
	}
	return out, nil
}

// ExternalContactIDs returns the external_userid of every external contact of the tenant in ctx (a full pull
// compares them with WeCom's list). It returns internal only.
func (s *Store) ExternalContactIDs(ctx context.Context) ([]string, error) {
	if _, err := requireTenant(ctx, "list external contact ids"); err != nil {
		return nil, err
	}
	var ids []string
	if err := s.db.WithContext(ctx).Model(&ExternalContact{}).Pluck("external_userid", &ids).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list external contact ids")
	}
	return ids, nil
}
