import Foundation
import SextantHistory

/// The triage table (issue 19, migration `v3-triage`) on PostgreSQL: the two primitives the
/// shared triage operations of ``HistoryStoring`` are built on.
extension PostgresStore {
    public func triageRecords(includeRemoved: Bool) throws -> [TriageRecord] {
        try snapshot { c in
            let r = try c.exec("""
                SELECT benchmark, metric, commit_id, status, reason, by_name, fixed_in, updated_at, removed FROM triage
                \(includeRemoved ? "" : "WHERE removed = 0 ")ORDER BY commit_id, benchmark, metric
                """)
            return (0..<r.rows).compactMap { k in
                TriageRecord(benchmark: r.text(k, 0), metric: r.text(k, 1), commit: r.text(k, 2), status: r.text(k, 3),
                             reason: r.text(k, 4), by: r.optionalText(k, 5), fixedIn: r.optionalText(k, 6),
                             updatedAt: r.double(k, 7), removed: r.int64(k, 8) != 0)
            }
        }
    }

    public func writeTriage(_ records: [TriageRecord]) throws {
        try transaction { c in
            for t in records {
                try c.exec("""
                    INSERT INTO triage(benchmark, metric, commit_id, status, reason, by_name, fixed_in, updated_at, removed)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::double precision, $9::integer)
                    ON CONFLICT (benchmark, metric, commit_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
                        by_name = EXCLUDED.by_name, fixed_in = EXCLUDED.fixed_in, updated_at = EXCLUDED.updated_at,
                        removed = EXCLUDED.removed
                    """, [t.benchmark, t.metric ?? "", t.commit, t.status.rawValue, t.reason, t.by, t.fixedIn,
                          PGText.double(t.updatedAt.timeIntervalSince1970), t.removed ? "1" : "0"])
            }
        }
    }
}
