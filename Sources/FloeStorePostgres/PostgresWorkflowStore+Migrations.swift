import FloeCore
import PostgresNIO

/// One version of the schema: statements run in order, in the transaction that records the version.
struct PostgresMigration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}

extension PostgresWorkflowStore {
    /// The key of the advisory lock that migrators hold, so two processes starting at once do not race.
    static let migrationLockKey: Int64 = 0x666C_6F65_6D69_67  // "floemig"

    /// Brings the schema up to date: runs, in one transaction under an advisory lock, every migration not yet
    /// recorded in `floe_migration`. Safe to call again, and from several processes at once. Migrations are
    /// append-only: never edit one that has shipped; add a new one. Throws ``FloeError/Code/store``, changing
    /// nothing, when `floe_migration` records a version this build does not know (a newer Floe migrated the
    /// database).
    public func migrate() async throws {
        _ = try await write { session in
            try await session.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))")
            try await session.execute("""
                CREATE TABLE IF NOT EXISTS floe_migration (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try await session.rows("SELECT version FROM floe_migration").map { try $0.decode(Int.self) })
            if let unknown = applied.subtracting(Self.migrationVersions).max() {
                throw FloeError(.store, "cannot use the PostgreSQL database: a newer Floe has migrated it (schema version "
                                + "\(unknown)); run that version")
            }
            for migration in Self.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try await session.execute(
                    "INSERT INTO floe_migration (version, name) VALUES (\(migration.version), \(migration.name))")
            }
        }
    }

    /// The versions recorded in `floe_migration`, in order.
    public func appliedMigrations() async throws -> [Int] {
        try await read { session in
            try await session.rows("SELECT version FROM floe_migration ORDER BY version").map { try $0.decode(Int.self) }
        }
    }

    /// The version of every migration this build knows, in order (what ``appliedMigrations()`` returns once
    /// ``migrate()`` ran).
    public static var migrationVersions: [Int] { migrations.map(\.version) }

    /// Every migration, in order.
    static let migrations: [PostgresMigration] = [v1, v2, v3, v4, v5]

    /// v1: the whole schema of SQLite's v6, in PostgreSQL's idiom: snake_case names, times as `bigint`
    /// microseconds since 1970 (as SQLite stores them, so page tokens and comparisons are the same), JSON as
    /// `text` (the exact bytes written, as signatures of event bodies need), creation order by identity columns, and
    /// text compared and sorted byte by byte (`COLLATE "C"`), as SQLite does, whatever the database's locale.
    static let v1 = PostgresMigration(version: 1, name: "schema", statements: [
        """
        CREATE TABLE account (
            id text COLLATE "C" PRIMARY KEY,
            create_time bigint NOT NULL,
            position bigint GENERATED ALWAYS AS IDENTITY
        )
        """,
        """
        CREATE TABLE access_key (
            id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL REFERENCES account(id),
            sealed_secret text COLLATE "C" NOT NULL,
            is_root boolean NOT NULL,
            policy text COLLATE "C",
            status text COLLATE "C" NOT NULL,
            description text COLLATE "C",
            create_time bigint NOT NULL
        )
        """,
        "CREATE INDEX access_key_account ON access_key(account_id, create_time, id)",
        """
        CREATE TABLE nonce (
            access_key_id text COLLATE "C" NOT NULL,
            nonce text COLLATE "C" NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (access_key_id, nonce)
        )
        """,
        "CREATE INDEX nonce_expires_at ON nonce(expires_at)",
        """
        CREATE TABLE bucket (
            name text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL REFERENCES account(id),
            create_time bigint NOT NULL
        )
        """,
        "CREATE INDEX bucket_account ON bucket(account_id, name)",
        """
        CREATE TABLE template (
            id text COLLATE "C" PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            kind text COLLATE "C" NOT NULL,
            account_id text COLLATE "C",
            status text COLLATE "C" NOT NULL,
            topology text COLLATE "C" NOT NULL,
            create_time bigint NOT NULL,
            modified_time bigint NOT NULL
        )
        """,
        """
        CREATE TABLE store_generation (
            name text COLLATE "C" PRIMARY KEY,
            value bigint NOT NULL
        )
        """,
        "INSERT INTO store_generation (name, value) VALUES ('template', 0)",
        """
        CREATE FUNCTION floe_template_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE store_generation SET value = value + 1 WHERE name = 'template';
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER template_changed AFTER INSERT OR UPDATE OR DELETE ON template
            FOR EACH ROW EXECUTE FUNCTION floe_template_changed()
        """,
        """
        CREATE TABLE media_asset (
            id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            input_url text COLLATE "C" NOT NULL,
            media_type text COLLATE "C" NOT NULL,
            title text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            create_time bigint NOT NULL,
            modified_time bigint NOT NULL,
            business_type text COLLATE "C" NOT NULL,
            description text COLLATE "C",
            media_tags text COLLATE "C" NOT NULL,
            cover_url text COLLATE "C",
            user_data text COLLATE "C",
            reference_id text COLLATE "C",
            cate_id bigint,
            category text COLLATE "C",
            client_token text COLLATE "C",
            source text COLLATE "C" NOT NULL,
            preparing_since bigint,
            prepare_attempts bigint NOT NULL DEFAULT 0,
            UNIQUE (account_id, input_url)
        )
        """,
        "CREATE UNIQUE INDEX media_asset_reference_id ON media_asset(account_id, reference_id) WHERE reference_id IS NOT NULL",
        "CREATE UNIQUE INDEX media_asset_client_token ON media_asset(account_id, client_token) WHERE client_token IS NOT NULL",
        "CREATE INDEX media_asset_account ON media_asset(account_id, create_time, id)",
        "CREATE INDEX media_asset_status ON media_asset(status, create_time, id)",
        """
        CREATE TABLE media_file (
            media_id text COLLATE "C" NOT NULL REFERENCES media_asset(id) ON DELETE CASCADE,
            position bigint NOT NULL,
            location text COLLATE "C" NOT NULL,
            file_type text COLLATE "C" NOT NULL,
            info text COLLATE "C",
            activity_name text COLLATE "C",
            PRIMARY KEY (media_id, location)
        )
        """,
        "CREATE INDEX media_file_position ON media_file(media_id, position)",
        "CREATE INDEX media_file_location ON media_file(location)",
        """
        CREATE TABLE task (
            id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            workflow_id text COLLATE "C" NOT NULL,
            workflow_name text COLLATE "C" NOT NULL,
            topology text COLLATE "C" NOT NULL,
            input text COLLATE "C" NOT NULL,
            media_id text COLLATE "C" NOT NULL,
            user_data text COLLATE "C",
            status text COLLATE "C" NOT NULL,
            message text COLLATE "C",
            create_time bigint NOT NULL,
            finish_time bigint
        )
        """,
        "CREATE INDEX task_create_time ON task(create_time, id)",
        "CREATE INDEX task_workflow ON task(workflow_id, create_time, id)",
        "CREATE INDEX task_status ON task(status, create_time, id)",
        "CREATE INDEX task_account ON task(account_id, create_time, id)",
        "CREATE INDEX task_media ON task(media_id, status)",
        """
        CREATE TABLE activity_run (
            task_id text COLLATE "C" NOT NULL REFERENCES task(id) ON DELETE CASCADE,
            name text COLLATE "C" NOT NULL,
            definition text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            attempt bigint NOT NULL,
            not_before bigint,
            lease_owner text COLLATE "C",
            lease_expires_at bigint,
            progress double precision,
            start_time bigint,
            end_time bigint,
            result text COLLATE "C",
            error text COLLATE "C",
            PRIMARY KEY (task_id, name)
        )
        """,
        "CREATE INDEX activity_run_status ON activity_run(status, not_before)",
        "CREATE INDEX activity_run_lease ON activity_run(status, lease_expires_at)",
        """
        CREATE TABLE trigger_ledger (
            bucket text COLLATE "C" NOT NULL,
            object_key text COLLATE "C" NOT NULL,
            version text COLLATE "C" NOT NULL,
            workflow_id text COLLATE "C" NOT NULL,
            task_id text COLLATE "C" NOT NULL,
            account_id text COLLATE "C" NOT NULL,
            create_time bigint NOT NULL,
            PRIMARY KEY (bucket, object_key, version, workflow_id)
        )
        """,
        """
        CREATE TABLE output_object (
            location text COLLATE "C" PRIMARY KEY,
            create_time bigint NOT NULL
        )
        """,
        """
        CREATE TABLE event_callback (
            account_id text COLLATE "C" PRIMARY KEY REFERENCES account(id),
            callback_type text COLLATE "C" NOT NULL,
            target text COLLATE "C" NOT NULL,
            event_types text COLLATE "C" NOT NULL,
            auth_key text COLLATE "C"
        )
        """,
        """
        CREATE TABLE callback_event (
            id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            type text COLLATE "C" NOT NULL,
            subject text COLLATE "C" NOT NULL,
            url text COLLATE "C" NOT NULL,
            auth_key text COLLATE "C",
            body text COLLATE "C" NOT NULL,
            create_time bigint NOT NULL,
            state text COLLATE "C" NOT NULL,
            attempts bigint NOT NULL,
            next_attempt_time bigint NOT NULL,
            last_error text COLLATE "C",
            delivered_time bigint,
            lease_owner text COLLATE "C",
            lease_expires_at bigint
        )
        """,
        "CREATE INDEX callback_event_due ON callback_event(state, next_attempt_time)",
        "CREATE INDEX callback_event_account ON callback_event(account_id, state, create_time, id)",
        """
        CREATE TABLE queue_message (
            account_id text COLLATE "C" NOT NULL,
            queue text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            body text COLLATE "C" NOT NULL,
            enqueue_time bigint NOT NULL,
            receive_count bigint NOT NULL,
            receipt_handle text COLLATE "C",
            visible_time bigint NOT NULL,
            PRIMARY KEY (account_id, queue, id)
        )
        """,
        "CREATE INDEX queue_message_visible ON queue_message(account_id, queue, visible_time, enqueue_time)",
    ])

    /// v2: the attempt history of activity runs (`activity_attempt`, SQLite's v7), appended to by claims and closed
    /// by completions, releases and reclaims. Runs that ran before get no rows. A run has at most one open attempt;
    /// several attempts of a run may share a number (a release does not count), so rows are keyed by an identity.
    static let v2 = PostgresMigration(version: 2, name: "activity attempts", statements: [
        """
        CREATE TABLE activity_attempt (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            task_id text COLLATE "C" NOT NULL REFERENCES task(id) ON DELETE CASCADE,
            name text COLLATE "C" NOT NULL,
            attempt bigint NOT NULL,
            owner text COLLATE "C" NOT NULL,
            start_time bigint NOT NULL,
            end_time bigint,
            outcome text COLLATE "C"
        )
        """,
        "CREATE INDEX activity_attempt_task ON activity_attempt(task_id, start_time, name)",
        "CREATE UNIQUE INDEX activity_attempt_open ON activity_attempt(task_id, name) WHERE end_time IS NULL",
    ])

    /// v3: the tasks that have not ended, in the order claims take them. Without it a claim walked `task` by
    /// creation time past every task that has ended, so its cost grew with the history, not with the work.
    /// ``claimRuns(in:owner:limit:capabilities:leaseExpiresAt:now:)`` names the statuses as literals, so the planner sees
    /// that this index covers its query.
    static let v3 = PostgresMigration(version: 3, name: "active task index", statements: [
        "CREATE INDEX task_active ON task(create_time, id) WHERE status IN ('\(TaskStatus.initial.rawValue)', '\(TaskStatus.processing.rawValue)')",
    ])

    /// v4: the worker pools that advertise themselves (``WorkerRecord``), as SQLite's v8.
    static let v4 = PostgresMigration(version: 4, name: "workers", statements: [
        """
        CREATE TABLE worker (
            owner text COLLATE "C" PRIMARY KEY,
            slots bigint NOT NULL,
            kinds text NOT NULL,
            start_time bigint NOT NULL,
            seen_time bigint NOT NULL
        )
        """,
    ])

    /// v5: claims by capability, as SQLite's v9: each run's `requirements` (a JSON array of ``Capability`` names;
    /// runs made before need their `Type` only), and a worker's `capabilities` (formerly `kinds`).
    static let v5 = PostgresMigration(version: 5, name: "capabilities", statements: [
        "ALTER TABLE activity_run ADD COLUMN requirements text COLLATE \"C\" NOT NULL DEFAULT '[]'",
        "UPDATE activity_run SET requirements = jsonb_build_array(definition::jsonb ->> 'Type')::text",
        "ALTER TABLE worker RENAME COLUMN kinds TO capabilities",
    ])
}
