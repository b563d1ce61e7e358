import GRDB

extension SQLiteWorkflowStore {
    /// The schema, one registered migration per version. Migrations are append-only: never edit one that
    /// has shipped; register a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE template (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    topology TEXT NOT NULL,
                    createTime INTEGER NOT NULL,
                    modifiedTime INTEGER NOT NULL
                );

                CREATE TABLE mediaAsset (
                    id TEXT PRIMARY KEY NOT NULL,
                    inputURL TEXT NOT NULL UNIQUE,
                    mediaType TEXT NOT NULL,
                    title TEXT NOT NULL,
                    status TEXT NOT NULL,
                    createTime INTEGER NOT NULL,
                    modifiedTime INTEGER NOT NULL
                );

                CREATE TABLE mediaFile (
                    mediaID TEXT NOT NULL REFERENCES mediaAsset(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    location TEXT NOT NULL,
                    fileType TEXT NOT NULL,
                    info TEXT,
                    activityName TEXT,
                    PRIMARY KEY (mediaID, location)
                );
                CREATE INDEX mediaFile_position ON mediaFile(mediaID, position);

                CREATE TABLE task (
                    id TEXT PRIMARY KEY NOT NULL,
                    workflowID TEXT NOT NULL,
                    workflowName TEXT NOT NULL,
                    topology TEXT NOT NULL,
                    input TEXT NOT NULL,
                    mediaID TEXT NOT NULL REFERENCES mediaAsset(id),
                    userData TEXT,
                    status TEXT NOT NULL,
                    message TEXT,
                    createTime INTEGER NOT NULL,
                    finishTime INTEGER
                );
                CREATE INDEX task_createTime ON task(createTime, id);
                CREATE INDEX task_workflow ON task(workflowID, createTime, id);
                CREATE INDEX task_status ON task(status, createTime, id);

                CREATE TABLE activityRun (
                    taskID TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    notBefore INTEGER,
                    leaseOwner TEXT,
                    leaseExpiresAt INTEGER,
                    progress REAL,
                    startTime INTEGER,
                    endTime INTEGER,
                    result TEXT,
                    error TEXT,
                    PRIMARY KEY (taskID, name)
                );
                CREATE INDEX activityRun_status ON activityRun(status, notBefore);
                CREATE INDEX activityRun_lease ON activityRun(status, leaseExpiresAt);
                """)
        }
        migrator.registerMigration("v2", migrate: migrateToV2)
        migrator.registerMigration("v3", migrate: migrateToV3)
        migrator.registerMigration("v4", migrate: migrateToV4)
        migrator.registerMigration("v5", migrate: migrateToV5)
        migrator.registerMigration("v6", migrate: migrateToV6)
        migrator.registerMigration("v7", migrate: migrateToV7)
        migrator.registerMigration("v8", migrate: migrateToV8)
        migrator.registerMigration("v9", migrate: migrateToV9)
        migrator.registerMigration("v10", migrate: migrateToV10)
        return migrator
    }

    /// The account that owns every task, media asset and Common template written before accounts existed
    /// (schema v1). Migration v2 creates it only when the file holds such rows; it is then the first
    /// account, hence the data folder's local account.
    static let legacyAccountID = "1000000000000000"

    /// v2: accounts, access keys, nonces; an owning account on templates (`NULL` for System ones), tasks
    /// and media assets; a media asset's input URL unique per account instead of globally.
    static func migrateToV2(_ db: Database) throws {
        let legacy = legacyAccountID
        try db.execute(sql: """
            CREATE TABLE account (
                id TEXT PRIMARY KEY NOT NULL,
                createTime INTEGER NOT NULL
            );

            CREATE TABLE accessKey (
                id TEXT PRIMARY KEY NOT NULL,
                accountID TEXT NOT NULL REFERENCES account(id),
                sealedSecret TEXT NOT NULL,
                isRoot INTEGER NOT NULL,
                policy TEXT,
                status TEXT NOT NULL,
                description TEXT,
                createTime INTEGER NOT NULL
            );
            CREATE INDEX accessKey_account ON accessKey(accountID, createTime);

            CREATE TABLE nonce (
                accessKeyID TEXT NOT NULL,
                nonce TEXT NOT NULL,
                expiresAt INTEGER NOT NULL,
                PRIMARY KEY (accessKeyID, nonce)
            ) WITHOUT ROWID;
            CREATE INDEX nonce_expiresAt ON nonce(expiresAt);

            INSERT INTO account (id, createTime)
                SELECT '\(legacy)', first FROM (
                    SELECT MIN(t) AS first FROM (
                        SELECT createTime AS t FROM task
                        UNION ALL SELECT createTime FROM mediaAsset
                        UNION ALL SELECT createTime FROM template WHERE kind <> 'System'))
                WHERE first IS NOT NULL;

            ALTER TABLE template ADD COLUMN accountID TEXT;
            UPDATE template SET accountID = '\(legacy)' WHERE kind <> 'System';

            ALTER TABLE task ADD COLUMN accountID TEXT NOT NULL DEFAULT '\(legacy)';
            CREATE INDEX task_account ON task(accountID, createTime, id);

            CREATE TABLE mediaAsset_v2 (
                id TEXT PRIMARY KEY NOT NULL,
                accountID TEXT NOT NULL,
                inputURL TEXT NOT NULL,
                mediaType TEXT NOT NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL,
                createTime INTEGER NOT NULL,
                modifiedTime INTEGER NOT NULL,
                UNIQUE (accountID, inputURL)
            );
            INSERT INTO mediaAsset_v2 (id, accountID, inputURL, mediaType, title, status, createTime, modifiedTime)
                SELECT id, '\(legacy)', inputURL, mediaType, title, status, createTime, modifiedTime FROM mediaAsset;
            DROP TABLE mediaAsset;
            ALTER TABLE mediaAsset_v2 RENAME TO mediaAsset;
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v3: a media asset's details (business type, description, tags, cover, user data, reference id unique
    /// per account, category), its client token (unique per account), source, and preparation claim
    /// (`preparingSince`, `prepareAttempts`); a task no longer requires its media asset to exist, so an asset
    /// whose tasks have ended can be deleted (the `task` table is rebuilt without that foreign key).
    static func migrateToV3(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE mediaAsset ADD COLUMN businessType TEXT NOT NULL DEFAULT 'general';
            ALTER TABLE mediaAsset ADD COLUMN description TEXT;
            ALTER TABLE mediaAsset ADD COLUMN mediaTags TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE mediaAsset ADD COLUMN coverURL TEXT;
            ALTER TABLE mediaAsset ADD COLUMN userData TEXT;
            ALTER TABLE mediaAsset ADD COLUMN referenceID TEXT;
            ALTER TABLE mediaAsset ADD COLUMN cateID INTEGER;
            ALTER TABLE mediaAsset ADD COLUMN category TEXT;
            ALTER TABLE mediaAsset ADD COLUMN clientToken TEXT;
            ALTER TABLE mediaAsset ADD COLUMN source TEXT NOT NULL DEFAULT 'oss';
            ALTER TABLE mediaAsset ADD COLUMN preparingSince INTEGER;
            ALTER TABLE mediaAsset ADD COLUMN prepareAttempts INTEGER NOT NULL DEFAULT 0;
            UPDATE mediaAsset SET preparingSince = modifiedTime WHERE status = 'Preparing';
            CREATE UNIQUE INDEX mediaAsset_referenceID ON mediaAsset(accountID, referenceID) WHERE referenceID IS NOT NULL;
            CREATE UNIQUE INDEX mediaAsset_clientToken ON mediaAsset(accountID, clientToken) WHERE clientToken IS NOT NULL;
            CREATE INDEX mediaAsset_account ON mediaAsset(accountID, createTime, id);
            CREATE INDEX mediaAsset_status ON mediaAsset(status, createTime, id);

            CREATE TABLE task_v3 (
                id TEXT PRIMARY KEY NOT NULL,
                workflowID TEXT NOT NULL,
                workflowName TEXT NOT NULL,
                topology TEXT NOT NULL,
                input TEXT NOT NULL,
                mediaID TEXT NOT NULL,
                userData TEXT,
                status TEXT NOT NULL,
                message TEXT,
                createTime INTEGER NOT NULL,
                finishTime INTEGER,
                accountID TEXT NOT NULL
            );
            INSERT INTO task_v3 (id, workflowID, workflowName, topology, input, mediaID, userData, status, message,
                                 createTime, finishTime, accountID)
                SELECT id, workflowID, workflowName, topology, input, mediaID, userData, status, message,
                       createTime, finishTime, accountID FROM task;
            DROP TABLE task;
            ALTER TABLE task_v3 RENAME TO task;
            CREATE INDEX task_createTime ON task(createTime, id);
            CREATE INDEX task_workflow ON task(workflowID, createTime, id);
            CREATE INDEX task_status ON task(status, createTime, id);
            CREATE INDEX task_account ON task(accountID, createTime, id);
            CREATE INDEX task_media ON task(mediaID, status);
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v4: triggers. The ledger of files that started tasks (`triggerLedger`, one row per file version and
    /// template), the locations Floe writes (`outputObject`, which never trigger; `mediaFile` gains an index
    /// by location for the same check), and a generation counter
    /// of the `template` table that SQL triggers bump on every insert, update and delete (`storeGeneration`),
    /// so a process learns that templates changed, in any process, with one small read.
    static func migrateToV4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE triggerLedger (
                bucket TEXT NOT NULL,
                key TEXT NOT NULL,
                version TEXT NOT NULL,
                workflowID TEXT NOT NULL,
                taskID TEXT NOT NULL,
                accountID TEXT NOT NULL,
                createTime INTEGER NOT NULL,
                PRIMARY KEY (bucket, key, version, workflowID)
            ) WITHOUT ROWID;

            CREATE TABLE outputObject (
                location TEXT PRIMARY KEY NOT NULL,
                createTime INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX mediaFile_location ON mediaFile(location);

            CREATE TABLE storeGeneration (
                name TEXT PRIMARY KEY NOT NULL,
                value INTEGER NOT NULL
            );
            INSERT INTO storeGeneration (name, value) VALUES ('template', 0);
            CREATE TRIGGER template_inserted AFTER INSERT ON template
                BEGIN UPDATE storeGeneration SET value = value + 1 WHERE name = 'template'; END;
            CREATE TRIGGER template_updated AFTER UPDATE ON template
                BEGIN UPDATE storeGeneration SET value = value + 1 WHERE name = 'template'; END;
            CREATE TRIGGER template_deleted AFTER DELETE ON template
                BEGIN UPDATE storeGeneration SET value = value + 1 WHERE name = 'template'; END;
            """)
    }
}

extension SQLiteWorkflowStore {
    /// Creates a database at `path` with the schema only up to migration `version`, then runs `sql` on it:
    /// a file as an older Floe left it, for migration tests.
    static func createDatabase(at path: String, upTo version: String, then sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try migrator.migrate(queue, upTo: version)
        try queue.write { db in try db.execute(sql: sql) }
    }
}

extension SQLiteWorkflowStore {
    /// v5: buckets made through the S3 endpoint, each owned by one account.
    static func migrateToV5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE bucket (
                name TEXT PRIMARY KEY NOT NULL,
                accountID TEXT NOT NULL REFERENCES account(id),
                createTime INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX bucket_account ON bucket(accountID, name);
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v6: callbacks. Each account's setting (`eventCallback`), the events to POST (`callbackEvent`, the
    /// outbox, written with the task's end), and the accounts' durable queues (`queueMessage`).
    static func migrateToV6(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE eventCallback (
                accountID TEXT PRIMARY KEY NOT NULL REFERENCES account(id),
                callbackType TEXT NOT NULL,
                target TEXT NOT NULL,
                eventTypes TEXT NOT NULL,
                authKey TEXT
            ) WITHOUT ROWID;

            CREATE TABLE callbackEvent (
                id TEXT PRIMARY KEY NOT NULL,
                accountID TEXT NOT NULL,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                url TEXT NOT NULL,
                authKey TEXT,
                body TEXT NOT NULL,
                createTime INTEGER NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                nextAttemptTime INTEGER NOT NULL,
                lastError TEXT,
                deliveredTime INTEGER,
                leaseOwner TEXT,
                leaseExpiresAt INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX callbackEvent_due ON callbackEvent(state, nextAttemptTime);
            CREATE INDEX callbackEvent_account ON callbackEvent(accountID, state, createTime, id);

            CREATE TABLE queueMessage (
                accountID TEXT NOT NULL,
                queue TEXT NOT NULL,
                id TEXT NOT NULL,
                body TEXT NOT NULL,
                enqueueTime INTEGER NOT NULL,
                receiveCount INTEGER NOT NULL,
                receiptHandle TEXT,
                visibleTime INTEGER NOT NULL,
                PRIMARY KEY (accountID, queue, id)
            ) WITHOUT ROWID;
            CREATE INDEX queueMessage_visible ON queueMessage(accountID, queue, visibleTime, enqueueTime);
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v7: the attempt history of activity runs (`activityAttempt`), appended to by claims and closed by
    /// completions, releases and reclaims. Runs that ran before get no rows. A run has at most one open
    /// attempt; several attempts of a run may share a number (a release does not count), so rows are keyed
    /// by their own id.
    static func migrateToV7(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE activityAttempt (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                taskID TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                owner TEXT NOT NULL,
                startTime INTEGER NOT NULL,
                endTime INTEGER,
                outcome TEXT
            );
            CREATE INDEX activityAttempt_task ON activityAttempt(taskID, startTime, name);
            CREATE UNIQUE INDEX activityAttempt_open ON activityAttempt(taskID, name) WHERE endTime IS NULL;
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v8: the worker pools that advertise themselves (``WorkerRecord``): their slots and the activity kinds
    /// they run (names, comma-separated), when they started and when they were last seen.
    static func migrateToV8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE worker (
                owner TEXT PRIMARY KEY NOT NULL,
                slots INTEGER NOT NULL,
                kinds TEXT NOT NULL,
                startTime INTEGER NOT NULL,
                seenTime INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}

extension SQLiteWorkflowStore {
    /// v9: claims by capability. Each run keeps what a worker needs to run it (`requirements`, a JSON array of
    /// ``Capability`` names, from ``ActivityDefinition/requirements`` when the run is made); runs made before
    /// need their `Type` only (no earlier Floe knew hardware encoders). A worker advertises `capabilities` (its
    /// kinds, as the old `kinds` column held them, and its hardware encoders).
    static func migrateToV9(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE activityRun ADD COLUMN requirements TEXT NOT NULL DEFAULT '[]';
            UPDATE activityRun SET requirements = json_array(json_extract(definition, '$.Type'));
            ALTER TABLE worker RENAME COLUMN kinds TO capabilities;
            """)
    }

    /// v10: the run indexes hold only the runs they find, ready ones for claims and running ones for expired
    /// leases, so a run waiting or ended is in neither: a new task's waiting runs, and every run that ends, no
    /// longer write pages of the two indexes (BENCHMARKS.md, "The API"). A query uses them only when it names
    /// the status as a literal, as the claim, the lease sweep and the statistics do.
    static func migrateToV10(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX activityRun_status;
            DROP INDEX activityRun_lease;
            CREATE INDEX activityRun_ready ON activityRun(notBefore) WHERE status = 'Ready';
            CREATE INDEX activityRun_running ON activityRun(leaseExpiresAt) WHERE status = 'Running';
            """)
    }
}
