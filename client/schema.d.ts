/**
 * Generated from openapi.json by openapi-typescript (npm run spec). Do not edit: change the route table
 * (functions/contract/routes.ts) and run npm run spec again.
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Liveness
         *
         *     No API key needed.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI 3.1 document
         * @description This OpenAPI 3.1 document
         *
         *     No API key needed.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API reference (HTML), rendered from this document
         * @description The API reference (HTML), rendered from this document
         *
         *     No API key needed.
         */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A script or style sheet of the API reference, served by the service itself
         * @description A script or style sheet of the API reference, served by the service itself
         *
         *     No API key needed.
         */
        get: operations["getApiReferenceAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import/entities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload entities
         * @description multipart/form-data with a `file` part and options, or a JSON body (`items[]`), or NDJSON. Answers within a second, before any row is processed; poll the job for its progress.
         *
         *     Needs an API key with one of: `entities:bulk_import`.
         */
        post: operations["uploadEntities"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload transactions
         * @description multipart/form-data with a `file` part and options, or a JSON body (`items[]`), or NDJSON. Answers within a second, before any row is processed; poll the job for its progress.
         *
         *     Needs an API key with one of: `transactions:create`.
         */
        post: operations["uploadTransactions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import/user-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload user events
         * @description multipart/form-data with a `file` part and options, or a JSON body (`items[]`), or NDJSON. Answers within a second, before any row is processed; poll the job for its progress.
         *
         *     Needs an API key with one of: `events:create`.
         */
        post: operations["uploadUserEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A presigned upload for a large file
         * @description PUT the file to `uploadUrl` with `uploadHeaders`; the job waits (`metadata.awaitingUpload: true`) until it lands, then starts by itself.
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create` (the scope of the job's own kind).
         */
        post: operations["createPresignedUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The org's batch jobs, newest first, a page at a time
         * @description The org's batch jobs, newest first, a page at a time
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["listJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch job's status, counters and progress
         * @description A batch job's status, counters and progress
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs/{jobId}/unprocessed.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The rows never attempted (the run was cancelled or failed), as uploaded
         * @description The rows never attempted (the run was cancelled or failed), as uploaded
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["downloadUnprocessedCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs/{jobId}/control": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause, resume or cancel a batch job (between chunks)
         * @description Pause, resume or cancel a batch job (between chunks)
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create` (the scope of the job's own kind).
         */
        post: operations["controlJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs/{jobId}/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new batch job of this job's failed rows
         * @description A new batch job of this job's failed rows
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create` (the scope of the job's own kind).
         */
        post: operations["retryFailedRows"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The org's saved column mappings
         * @description The org's saved column mappings
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["listMappings"];
        put?: never;
        /**
         * Save a column mapping
         * @description Save a column mapping
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["createMapping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/mappings/{mappingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A saved mapping
         * @description A saved mapping
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["getMapping"];
        put?: never;
        post?: never;
        /**
         * Delete a saved mapping
         * @description Delete a saved mapping
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        delete: operations["deleteMapping"];
        options?: never;
        head?: never;
        /**
         * Change a saved mapping
         * @description Change a saved mapping
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        patch: operations["updateMapping"];
        trace?: never;
    };
    "/batch-import/transaction-jobs/{jobId}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A transaction job's failures (JSON, at most 500)
         * @description A transaction job's failures (JSON, at most 500)
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["getTransactionFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/transaction-jobs/{jobId}/failures.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A transaction job's failures, complete (CSV)
         * @description Columns: external_id, code, error (more may follow). Cells that a spreadsheet would run as a formula are neutralised.
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["downloadTransactionFailuresCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/user-event-jobs/{jobId}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user event job's failures (JSON, at most 500)
         * @description A user event job's failures (JSON, at most 500)
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["getUserEventFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/user-event-jobs/{jobId}/failures.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user event job's failures, complete (CSV)
         * @description Columns: row_key, code, error (row_5 = line 5) (more may follow). Cells that a spreadsheet would run as a formula are neutralised.
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["downloadUserEventFailuresCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/entity-jobs/{jobId}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A entity job's failures (JSON, at most 500)
         * @description A entity job's failures (JSON, at most 500)
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["getEntityFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/entity-jobs/{jobId}/failures.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A entity job's failures, complete (CSV)
         * @description Columns: tax_id, type, outcome, code, error_message (more may follow). Cells that a spreadsheet would run as a formula are neutralised.
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["downloadEntityFailuresCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/jobs/{jobId}/failed-rows.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The failed rows as uploaded, plus error_code and error_message: fix them and upload again
         * @description The failed rows as uploaded, plus error_code and error_message: fix them and upload again
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`.
         */
        get: operations["downloadFailedRowsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The org's import jobs, each with its last 5 runs
         * @description The org's import jobs, each with its last 5 runs
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["listImportJobs"];
        put?: never;
        /**
         * Create an import job (draft)
         * @description Create an import job (draft)
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["createImportJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An import job
         * @description An import job
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["getImportJob"];
        put?: never;
        post?: never;
        /**
         * Delete an import job and its schedules
         * @description Delete an import job and its schedules
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        delete: operations["deleteImportJob"];
        options?: never;
        head?: never;
        /**
         * Change an import job (any field but kind)
         * @description Change an import job (any field but kind)
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        patch: operations["updateImportJob"];
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/sample": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read a sample file: encoding, delimiters, headers, preview rows, suggested mapping, problems
         * @description Read a sample file: encoding, delimiters, headers, preview rows, suggested mapping, problems
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["sampleImportJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate: arm its schedule
         * @description Activate: arm its schedule
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["activateImportJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause its schedule
         * @description Pause its schedule
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["pauseImportJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bring a paused or halted import job back to active
         * @description Bring a paused or halted import job back to active
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["reactivateImportJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An import job's run history, newest first
         * @description An import job's run history, newest first
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["listImportJobRuns"];
        put?: never;
        /**
         * Run an import job now, from its drop prefix
         * @description Run an import job now, from its drop prefix
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["runImportJobNow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/import-jobs/{importJobId}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A presigned PUT into the import job's drop prefix
         * @description A presigned PUT into the import job's drop prefix
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        post: operations["presignDropFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/quota": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A namespace's monthly row quota (UTC month)
         * @description A namespace's monthly row quota (UTC month)
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["getQuota"];
        /**
         * Set a namespace's monthly row limit
         * @description Set a namespace's monthly row limit
         *
         *     Needs an API key with one of: `import-jobs:manage`.
         */
        put: operations["setQuota"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch-import/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in
         * @description With the session cookie: its org, scopes and end. With an API key instead: the key's org and scopes, and expiresAt null.
         *
         *     Needs an API key with one of: `entities:bulk_import`, `transactions:create`, `events:create`, `import-jobs:manage`.
         */
        get: operations["getSession"];
        put?: never;
        /**
         * Sign in to the dashboard: an API key for a session cookie
         * @description Answers with `Set-Cookie`: a session cookie (HttpOnly, SameSite=Strict, Secure except on plain-http localhost) sealed by the service, valid 8 hours. The key is not in it. With the cookie, every keyed route accepts requests without `Authorization`; state-changing ones must then carry the API's own `Origin`.
         *
         *     No API key needed.
         */
        post: operations["createSession"];
        /**
         * Sign out: clears the session cookie
         * @description Sign out: clears the session cookie
         *
         *     No API key needed.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "action": "pause"
         *     }
         */
        ControlRequest: {
            /** @description When given, the job must be of this kind */
            kind?: components["schemas"]["JobKind"];
            /** @enum {string} */
            action: "pause" | "resume" | "cancel";
        };
        /** @enum {string} */
        JobKind: "entity_automatic" | "transaction_batch" | "user_event_batch";
        Health: {
            /** @constant */
            status: "ok";
        };
        OpenApiDocument: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "success": false,
         *       "error": {
         *         "code": "NOT_FOUND",
         *         "message": "Job not found"
         *       }
         *     }
         */
        ErrorBody: {
            /** @constant */
            success: false;
            error: {
                /**
                 * @description Stable, for programs to branch on
                 * @example NOT_FOUND
                 */
                code: string;
                /**
                 * @description For people
                 * @example Job not found
                 */
                message: string;
                details?: unknown;
            };
        };
        /**
         * @example {
         *       "success": true,
         *       "jobId": "6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11",
         *       "kind": "transaction_batch",
         *       "status": "queued"
         *     }
         */
        UploadAccepted: {
            /** @constant */
            success: true;
            jobId: string;
            kind: components["schemas"]["JobKind"];
            /** @constant */
            status: "queued";
        };
        /**
         * @example {
         *       "success": true,
         *       "jobId": "0b8e1f7c-3c55-4c1f-8a0e-4b2f8f6f9d21",
         *       "kind": "transaction_batch",
         *       "status": "queued",
         *       "uploadUrl": "https://bucket.s3.amazonaws.com/uploads/…?X-Amz-Signature=…",
         *       "uploadMethod": "PUT",
         *       "uploadHeaders": {
         *         "content-type": "text/csv"
         *       },
         *       "expiresAt": "2026-11-25T11:00:00.000Z"
         *     }
         */
        PresignedUpload: {
            /** @constant */
            success: true;
            jobId: string;
            kind: components["schemas"]["JobKind"];
            /** @constant */
            status: "queued";
            /** Format: uri */
            uploadUrl: string;
            /** @constant */
            uploadMethod: "PUT";
            uploadHeaders: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            expiresAt: string;
        };
        JobHistoryPage: {
            /** @constant */
            success: true;
            jobs: components["schemas"]["Job"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "jobId": "6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11",
         *       "kind": "transaction_batch",
         *       "status": "completed",
         *       "totalItems": 3,
         *       "succeeded": 2,
         *       "failed": 1,
         *       "skipped": 0,
         *       "heartbeatAt": "2026-11-25T10:00:02.000Z",
         *       "leaseExpiresAt": null,
         *       "workerError": null,
         *       "createdAt": "2026-11-25T10:00:00.000Z",
         *       "completedAt": "2026-11-25T10:00:02.500Z",
         *       "metadata": {
         *         "fileName": "transactions.csv",
         *         "unprocessed": 0
         *       },
         *       "jobFailure": null,
         *       "runStatus": "partially_completed",
         *       "importJobId": null,
         *       "attempt": 1,
         *       "namespace": "default",
         *       "progress": {
         *         "processed": 3,
         *         "percent": 100,
         *         "rowsPerSecond": 1200,
         *         "etaSeconds": 0
         *       }
         *     }
         */
        Job: {
            jobId: string;
            kind: components["schemas"]["JobKind"];
            status: components["schemas"]["JobStatus"];
            totalItems: number | null;
            succeeded: number | null;
            failed: number | null;
            skipped: number | null;
            heartbeatAt: string | null;
            leaseExpiresAt: string | null;
            workerError: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            completedAt: string | null;
            metadata: {
                [key: string]: unknown;
            } | null;
            jobFailure?: components["schemas"]["JobFailure"] | null;
            runStatus: components["schemas"]["RunStatus"];
            importJobId: string | null;
            attempt: number;
            namespace: string;
            progress: {
                processed: number;
                percent: number | null;
                rowsPerSecond: number | null;
                etaSeconds: number | null;
            };
        };
        /** @enum {string} */
        JobStatus: "queued" | "running" | "paused" | "completed" | "failed" | "cancelled" | "interrupted";
        /**
         * @example {
         *       "code": "MISSING_REQUIRED_COLUMNS",
         *       "message": "The file has no column for amount"
         *     }
         */
        JobFailure: {
            code: string;
            message: string;
            details?: unknown;
        };
        /** @enum {string} */
        RunStatus: "validating" | "processing" | "importing" | "completed" | "partially_completed" | "failed" | "halted";
        JobBody: {
            /** @constant */
            success: true;
            job: components["schemas"]["Job"];
        };
        Failures: components["schemas"]["TransactionFailures"] | components["schemas"]["UserEventFailures"] | components["schemas"]["EntityFailures"];
        /**
         * @example {
         *       "success": true,
         *       "jobId": "6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11",
         *       "kind": "transaction_batch",
         *       "status": "completed",
         *       "totalItems": 3,
         *       "succeeded": 2,
         *       "failed": 1,
         *       "skipped": 0,
         *       "failures": [
         *         {
         *           "externalId": "tx-2",
         *           "code": "VALIDATION_ERROR",
         *           "message": "amount must be a decimal number",
         *           "rowNumber": 3,
         *           "field": "amount"
         *         }
         *       ],
         *       "truncated": false,
         *       "failuresTotal": 1
         *     }
         */
        TransactionFailures: {
            /** @constant */
            success: true;
            jobId: string;
            status: components["schemas"]["JobStatus"];
            totalItems: number | null;
            succeeded: number;
            failed: number;
            skipped: number;
            jobFailure?: components["schemas"]["JobFailure"];
            /** @description More failures than listed (at most 500): failures.csv has them all */
            truncated: boolean;
            failuresTotal: number;
            /** @constant */
            kind: "transaction_batch";
            failures: components["schemas"]["TransactionFailureItem"][];
        };
        TransactionFailureItem: {
            externalId: string | null;
            code: string;
            message: string;
            rowNumber: number;
            field?: string;
        };
        UserEventFailures: {
            /** @constant */
            success: true;
            jobId: string;
            status: components["schemas"]["JobStatus"];
            totalItems: number | null;
            succeeded: number;
            failed: number;
            skipped: number;
            jobFailure?: components["schemas"]["JobFailure"];
            /** @description More failures than listed (at most 500): failures.csv has them all */
            truncated: boolean;
            failuresTotal: number;
            /** @constant */
            kind: "user_event_batch";
            failures: components["schemas"]["UserEventFailureItem"][];
        };
        UserEventFailureItem: {
            /** @example row_5 */
            rowKey: string;
            code: string;
            message: string;
            rowNumber: number;
            field?: string;
        };
        EntityFailures: {
            /** @constant */
            success: true;
            jobId: string;
            status: components["schemas"]["JobStatus"];
            totalItems: number | null;
            succeeded: number;
            failed: number;
            skipped: number;
            jobFailure?: components["schemas"]["JobFailure"];
            /** @description More failures than listed (at most 500): failures.csv has them all */
            truncated: boolean;
            failuresTotal: number;
            /** @constant */
            kind: "entity_automatic";
            failures: components["schemas"]["EntityFailureItem"][];
            skips: components["schemas"]["EntitySkipItem"][];
            skipsTotal: number;
        };
        EntityFailureItem: {
            taxId: string | null;
            type: string | null;
            /** @constant */
            outcome: "failed";
            code: string;
            message: string;
            rowNumber: number;
            field?: string;
        };
        EntitySkipItem: {
            taxId: string | null;
            type: string | null;
            /** @constant */
            outcome: "skipped_existing";
            code: string;
        };
        RetryAccepted: {
            /** @constant */
            success: true;
            jobId: string;
            kind: components["schemas"]["JobKind"];
            /** @constant */
            status: "queued";
            retryOf: string;
        };
        MappingList: {
            /** @constant */
            success: true;
            mappings: components["schemas"]["Mapping"][];
        };
        Mapping: {
            id: string;
            name: string;
            /** @enum {string} */
            target: "transaction" | "entity_person" | "entity_company" | "entity_mixed" | "user_event";
            columnMapping: {
                [key: string]: string;
            };
            defaultFields: {
                [key: string]: string;
            };
            headersSnapshot: string[];
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
        };
        MappingBody: {
            /** @constant */
            success: true;
            mapping: components["schemas"]["Mapping"];
        };
        Deleted: {
            /** @constant */
            success: true;
            /** @constant */
            ok: true;
        };
        ImportJobBody: {
            /** @constant */
            success: true;
            importJob: components["schemas"]["ImportJob"];
        };
        /**
         * @example {
         *       "id": "b7d1c0de-2f4a-4e8b-9c3d-5a6b7c8d9e0f",
         *       "status": "draft",
         *       "name": "Nightly transactions",
         *       "kind": "transaction_batch",
         *       "namespace": "default",
         *       "mappingId": null,
         *       "columnMapping": {
         *         "Ref": "externalId",
         *         "Amount": "amount",
         *         "Currency": "currency",
         *         "Date": "occurredAt"
         *       },
         *       "format": {
         *         "encoding": "utf-8",
         *         "columnDelimiter": ",",
         *         "rowDelimiter": "auto"
         *       },
         *       "source": {
         *         "bucket": "batch-import-uploads",
         *         "prefix": "drops/org/b7d1c0de-2f4a-4e8b-9c3d-5a6b7c8d9e0f/",
         *         "filenamePattern": "tx-*.csv",
         *         "maxFileAgeHours": 24
         *       },
         *       "schedule": {
         *         "type": "recurring",
         *         "expression": "cron(0 6 * * ? *)",
         *         "timezone": "Europe/Paris"
         *       },
         *       "notifications": {
         *         "emails": [
         *           "ops@example.com"
         *         ],
         *         "events": []
         *       },
         *       "statusReason": null,
         *       "createdAt": "2026-11-25T10:00:00.000Z",
         *       "updatedAt": "2026-11-25T10:00:00.000Z"
         *     }
         */
        ImportJob: {
            id: string;
            /** @enum {string} */
            status: "draft" | "sampling" | "sampling_failed" | "active" | "paused" | "halted" | "completed";
            name: string;
            kind: components["schemas"]["JobKind"];
            namespace: string;
            mappingId: string | null;
            columnMapping: {
                [key: string]: string;
            } | null;
            format: {
                /** @enum {string} */
                encoding: "utf-8" | "iso-8859-1" | "windows-1252" | "utf-16";
                columnDelimiter: string | null;
                /** @enum {string} */
                rowDelimiter: "auto" | "lf" | "crlf" | "cr";
            };
            source: {
                bucket: string;
                prefix: string;
                filenamePattern: string;
                maxFileAgeHours: number | null;
            };
            schedule: components["schemas"]["Schedule"];
            notifications: {
                emails: string[];
                events: ("run_completed" | "run_partially_completed" | "run_failed" | "run_halted" | "import_job_halted" | "sampling_failed")[];
            };
            statusReason: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
        };
        Schedule: {
            /** @constant */
            type: "once";
            at: string;
            timezone?: string;
        } | {
            /** @constant */
            type: "recurring";
            expression: string;
            timezone: string;
        };
        ImportJobPage: {
            /** @constant */
            success: true;
            importJobs: {
                id: string;
                /** @enum {string} */
                status: "draft" | "sampling" | "sampling_failed" | "active" | "paused" | "halted" | "completed";
                name: string;
                kind: components["schemas"]["JobKind"];
                namespace: string;
                mappingId: string | null;
                columnMapping: {
                    [key: string]: string;
                } | null;
                format: {
                    /** @enum {string} */
                    encoding: "utf-8" | "iso-8859-1" | "windows-1252" | "utf-16";
                    columnDelimiter: string | null;
                    /** @enum {string} */
                    rowDelimiter: "auto" | "lf" | "crlf" | "cr";
                };
                source: {
                    bucket: string;
                    prefix: string;
                    filenamePattern: string;
                    maxFileAgeHours: number | null;
                };
                schedule: components["schemas"]["Schedule"];
                notifications: {
                    emails: string[];
                    events: ("run_completed" | "run_partially_completed" | "run_failed" | "run_halted" | "import_job_halted" | "sampling_failed")[];
                };
                statusReason: string | null;
                /**
                 * Format: date-time
                 * @example 2026-11-25T10:00:00.000Z
                 */
                createdAt: string;
                /**
                 * Format: date-time
                 * @example 2026-11-25T10:00:00.000Z
                 */
                updatedAt: string;
                /** @description The last 5 runs, newest first */
                lastRuns: {
                    jobId: string;
                    runStatus: components["schemas"]["RunStatus"];
                    /**
                     * Format: date-time
                     * @example 2026-11-25T10:00:00.000Z
                     */
                    createdAt: string;
                    failureReason: string | null;
                }[];
            }[];
            nextCursor: string | null;
        };
        SampleBody: {
            /** @constant */
            success: true;
            importJob: components["schemas"]["ImportJob"];
            sample: {
                encoding: ("utf-8" | "iso-8859-1" | "windows-1252" | "utf-16") | null;
                columnDelimiter: string | null;
                rowDelimiter: string | null;
                headers: string[];
                rows: string[][];
                suggestedMapping: {
                    [key: string]: string;
                };
                problems: {
                    rowNumber: number;
                    code: string;
                    message: string;
                }[];
                failure: {
                    code: string;
                    message: string;
                    details?: unknown;
                } | null;
            };
        };
        ImportJobRunPage: {
            /** @constant */
            success: true;
            runs: components["schemas"]["ImportJobRun"][];
            nextCursor: string | null;
        };
        ImportJobRun: {
            jobId: string;
            status: components["schemas"]["JobStatus"];
            runStatus: components["schemas"]["RunStatus"];
            attempt: number;
            totalItems: number | null;
            succeeded: number;
            failed: number;
            skipped: number;
            failedPercent: number | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            startedAt: string | null;
            completedAt: string | null;
            failureReason: string | null;
            failureCode: string | null;
            /** @description The failures download, relative to the API base URL */
            failuresUrl: string | null;
        };
        DropFileUpload: {
            /** @constant */
            success: true;
            key: string;
            /** Format: uri */
            uploadUrl: string;
            /** @constant */
            uploadMethod: "PUT";
            uploadHeaders: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            expiresAt: string;
        };
        /**
         * @example {
         *       "success": true,
         *       "namespace": "default",
         *       "month": "2026-11",
         *       "limit": 10000000,
         *       "used": 1250,
         *       "remaining": 9998750
         *     }
         */
        Quota: {
            /** @constant */
            success: true;
            namespace: string;
            /** @example 2026-11 */
            month: string;
            limit: number;
            used: number;
            remaining: number;
        };
        /**
         * @example {
         *       "success": true,
         *       "orgId": "demo",
         *       "scopes": [
         *         "transactions:create"
         *       ],
         *       "expiresAt": "2026-11-25T17:00:00.000Z"
         *     }
         */
        SessionBody: {
            /** @constant */
            success: true;
            orgId: string;
            scopes: string[];
            /** @description When the session ends (8 hours after sign-in), unless the key is revoked or expires first; null when an API key was sent instead */
            expiresAt: string | null;
        };
        SignedOut: {
            /** @constant */
            success: true;
        };
        /**
         * @description RFC 4180 CSV with a header row
         * @example external_id,code,error
         *     tx-2,VALIDATION_ERROR,amount must be a decimal number
         */
        CsvText: string;
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getApiReferenceAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset (text/css or text/javascript) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploadEntities: {
        parameters: {
            query?: {
                /** @description Validate every row and report, write nothing */
                dryRun?: "true" | "false";
            };
            header?: {
                /** @description The same key from the same org within 24 h returns the same jobId and creates nothing new */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file (CSV, JSON, NDJSON, optionally gzip); transactions take up to 5 `file` parts
                     */
                    file: string;
                    mappingId?: string;
                    /**
                     * @description JSON object: column → field
                     * @example {"Ref":"externalId"}
                     */
                    columnMapping?: string;
                    namespace?: string;
                    /** @description JSON array of at most 10 emails */
                    reportRecipientEmails?: string;
                    /** @example utf-8 */
                    encoding?: string;
                    /** @example , */
                    columnDelimiter?: string;
                    /** @example auto */
                    rowDelimiter?: string;
                    /**
                     * @description Entities
                     * @enum {string}
                     */
                    duplicateTaxIdPolicy?: "skip_existing" | "error";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    skipDuplicates?: "true" | "false";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    validateExistingEntity?: "true" | "false";
                };
                "application/json": {
                    [key: string]: unknown;
                }[] | ({
                    items: {
                        [key: string]: unknown;
                    }[];
                } & {
                    [key: string]: unknown;
                });
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Accepted: the job is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploadTransactions: {
        parameters: {
            query?: {
                /** @description Validate every row and report, write nothing */
                dryRun?: "true" | "false";
            };
            header?: {
                /** @description The same key from the same org within 24 h returns the same jobId and creates nothing new */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file (CSV, JSON, NDJSON, optionally gzip); transactions take up to 5 `file` parts
                     */
                    file: string;
                    mappingId?: string;
                    /**
                     * @description JSON object: column → field
                     * @example {"Ref":"externalId"}
                     */
                    columnMapping?: string;
                    namespace?: string;
                    /** @description JSON array of at most 10 emails */
                    reportRecipientEmails?: string;
                    /** @example utf-8 */
                    encoding?: string;
                    /** @example , */
                    columnDelimiter?: string;
                    /** @example auto */
                    rowDelimiter?: string;
                    /**
                     * @description Entities
                     * @enum {string}
                     */
                    duplicateTaxIdPolicy?: "skip_existing" | "error";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    skipDuplicates?: "true" | "false";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    validateExistingEntity?: "true" | "false";
                };
                "application/json": {
                    [key: string]: unknown;
                }[] | ({
                    items: {
                        [key: string]: unknown;
                    }[];
                } & {
                    [key: string]: unknown;
                });
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Accepted: the job is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploadUserEvents: {
        parameters: {
            query?: {
                /** @description Validate every row and report, write nothing */
                dryRun?: "true" | "false";
            };
            header?: {
                /** @description The same key from the same org within 24 h returns the same jobId and creates nothing new */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file (CSV, JSON, NDJSON, optionally gzip); transactions take up to 5 `file` parts
                     */
                    file: string;
                    mappingId?: string;
                    /**
                     * @description JSON object: column → field
                     * @example {"Ref":"externalId"}
                     */
                    columnMapping?: string;
                    namespace?: string;
                    /** @description JSON array of at most 10 emails */
                    reportRecipientEmails?: string;
                    /** @example utf-8 */
                    encoding?: string;
                    /** @example , */
                    columnDelimiter?: string;
                    /** @example auto */
                    rowDelimiter?: string;
                    /**
                     * @description Entities
                     * @enum {string}
                     */
                    duplicateTaxIdPolicy?: "skip_existing" | "error";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    skipDuplicates?: "true" | "false";
                    /**
                     * @description Transactions
                     * @enum {string}
                     */
                    validateExistingEntity?: "true" | "false";
                };
                "application/json": {
                    [key: string]: unknown;
                }[] | ({
                    items: {
                        [key: string]: unknown;
                    }[];
                } & {
                    [key: string]: unknown;
                });
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Accepted: the job is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createPresignedUpload: {
        parameters: {
            query?: {
                /** @description Validate every row and report, write nothing */
                dryRun?: "true" | "false";
            };
            header?: {
                /** @description The same key from the same org within 24 h returns the same jobId and creates nothing new */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "entity_automatic" | "transaction_batch" | "user_event_batch";
                    fileName: string;
                    contentType?: string;
                    contentLength?: number;
                    mappingId?: string;
                    /** @default {} */
                    options?: {
                        [key: string]: unknown;
                    };
                    /** @default false */
                    dryRun?: boolean;
                };
            };
        };
        responses: {
            /** @description The upload URL and the job it will start */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PresignedUpload"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                kind?: "entity_automatic" | "transaction_batch" | "user_event_batch";
                status?: "queued" | "running" | "paused" | "completed" | "failed" | "cancelled" | "interrupted";
                runStatus?: "validating" | "processing" | "importing" | "completed" | "partially_completed" | "failed" | "halted";
                importJobId?: string;
                namespace?: string;
                createdFrom?: string;
                createdTo?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page; nextCursor is null on the last */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobHistoryPage"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: {
                /** @description `failures`: answer the kind's failures body instead */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status body; with include=failures, the failures body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobBody"] | components["schemas"]["Failures"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    downloadUnprocessedCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description unprocessed.csv: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while */
            303: {
                headers: {
                    /** @description The presigned download URL of the CSV (text/csv) */
                    location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    controlJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ControlRequest"];
            };
        };
        responses: {
            /** @description The job after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    retryFailedRows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new job, queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryAccepted"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMappings: {
        parameters: {
            query?: {
                sort?: "createdAt" | "name";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mappings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MappingList"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createMapping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    target: "transaction" | "entity_person" | "entity_company" | "entity_mixed" | "user_event";
                    columnMapping: {
                        [key: string]: string;
                    };
                    /** @default {} */
                    defaultFields?: {
                        [key: string]: string;
                    };
                    /** @default [] */
                    headersSnapshot?: string[];
                };
            };
        };
        responses: {
            /** @description The mapping */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MappingBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getMapping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The mapping's id */
                mappingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mapping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MappingBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteMapping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The mapping's id */
                mappingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateMapping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The mapping's id */
                mappingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    target?: "transaction" | "entity_person" | "entity_company" | "entity_mixed" | "user_event";
                    columnMapping?: {
                        [key: string]: string;
                    };
                    defaultFields?: {
                        [key: string]: string;
                    };
                    headersSnapshot?: string[];
                };
            };
        };
        responses: {
            /** @description The mapping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MappingBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getTransactionFailures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failures body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionFailures"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    downloadTransactionFailuresCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description failures.csv: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while */
            303: {
                headers: {
                    /** @description The presigned download URL of the CSV (text/csv) */
                    location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getUserEventFailures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failures body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEventFailures"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    downloadUserEventFailuresCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description failures.csv: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while */
            303: {
                headers: {
                    /** @description The presigned download URL of the CSV (text/csv) */
                    location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getEntityFailures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failures body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityFailures"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    downloadEntityFailuresCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description failures.csv: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while */
            303: {
                headers: {
                    /** @description The presigned download URL of the CSV (text/csv) */
                    location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    downloadFailedRowsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The batch job's id */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description failed-rows.csv: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while */
            303: {
                headers: {
                    /** @description The presigned download URL of the CSV (text/csv) */
                    location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listImportJobs: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page; nextCursor is null on the last */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobPage"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    kind: "entity_automatic" | "transaction_batch" | "user_event_batch";
                    /** @default default */
                    namespace?: string;
                    mappingId?: string;
                    columnMapping?: {
                        [key: string]: string;
                    };
                    format?: {
                        encoding?: string;
                        columnDelimiter?: string;
                        rowDelimiter?: string;
                    };
                    source: {
                        filenamePattern: string;
                        maxFileAgeHours?: number | null;
                    };
                    schedule: {
                        /** @constant */
                        type: "once";
                        at: string;
                        timezone?: string;
                    } | {
                        /** @constant */
                        type: "recurring";
                        expression: string;
                        /** @default UTC */
                        timezone?: string;
                    };
                    /**
                     * @default {
                     *       "emails": []
                     *     }
                     */
                    notifications?: {
                        emails: string[];
                        events?: ("run_completed" | "run_partially_completed" | "run_failed" | "run_halted" | "import_job_halted" | "sampling_failed")[];
                    };
                };
            };
        };
        responses: {
            /** @description The import job */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    namespace?: string;
                    mappingId?: string | null;
                    columnMapping?: {
                        [key: string]: string;
                    } | null;
                    format?: {
                        encoding?: string;
                        columnDelimiter?: string;
                        rowDelimiter?: string;
                    };
                    source?: {
                        filenamePattern: string;
                        maxFileAgeHours?: number | null;
                    };
                    schedule?: {
                        /** @constant */
                        type: "once";
                        at: string;
                        timezone?: string;
                    } | {
                        /** @constant */
                        type: "recurring";
                        expression: string;
                        /** @default UTC */
                        timezone?: string;
                    };
                    notifications?: {
                        emails: string[];
                        events?: ("run_completed" | "run_partially_completed" | "run_failed" | "run_halted" | "import_job_halted" | "sampling_failed")[];
                    };
                };
            };
        };
        responses: {
            /** @description The import job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    sampleImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description A sample of the file: a few hundred rows are enough
                     */
                    file: string;
                    encoding?: string;
                    columnDelimiter?: string;
                    rowDelimiter?: string;
                };
            };
        };
        responses: {
            /** @description The sample, and the job (draft, or sampling_failed with the reason) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    activateImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import job, changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pauseImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import job, changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reactivateImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import job, changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listImportJobRuns: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page; nextCursor is null on the last */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobRunPage"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runImportJobNow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new run */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    presignDropFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job's id */
                importJobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fileName: string;
                    contentLength?: number;
                };
            };
        };
        responses: {
            /** @description The upload URL */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DropFileUpload"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description NOT_FOUND: nothing of that id in the key's org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getQuota: {
        parameters: {
            query?: {
                namespace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The quota */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setQuota: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default default */
                    namespace?: string;
                    limit: number;
                };
            };
        };
        responses: {
            /** @description The quota */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description An API key of the org
                     * @example bik_…
                     */
                    apiKey: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionBody"];
                };
            };
            /** @description VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNAUTHORIZED: no key, an unknown, expired or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description UNSUPPORTED_FORMAT: send another media type or file format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description INTERNAL_ERROR: nothing about the inside is said */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedOut"];
                };
            };
        };
    };
}
