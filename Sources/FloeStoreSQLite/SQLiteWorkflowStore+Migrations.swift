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
        return migrator
    }
}
