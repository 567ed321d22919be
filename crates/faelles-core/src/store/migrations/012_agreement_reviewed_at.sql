-- Version 12: each agreement keeps when its latest review was made (the review its status
-- comes from: by the date of the review's meeting, or when it was made for a review without
-- a case; reviews in cancelled meetings do not count), so the report reads it without a
-- subquery per agreement (the 20-year report: ~6,000 agreements). NULL: never reviewed.
-- Maintained where the status is (`store::refresh_agreement_status`); the status itself is
-- not rewritten here.
ALTER TABLE agreement ADD COLUMN reviewed_at TEXT;
UPDATE agreement SET reviewed_at = (
    SELECT r.reviewed_at FROM agreement_review r
    LEFT JOIN "case" rk ON rk.id = r.case_id
    LEFT JOIN meeting rm ON rm.id = rk.meeting_id
    WHERE r.agreement_id = agreement.id AND (r.case_id IS NULL OR rm.status != 'cancelled')
    ORDER BY COALESCE(rm.starts_at, r.reviewed_at) DESC, r.reviewed_at DESC
    LIMIT 1);
