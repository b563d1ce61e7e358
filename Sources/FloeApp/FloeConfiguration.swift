import FloeMedia
import FloeNotify
import Foundation

/// Everything an operator can set. Folders default to places inside ``dataDirectory``.
public struct FloeConfiguration: Sendable {
    /// Holds the SQLite database, local buckets and scratch folders (`./floe-data` by default).
    public var dataDirectory: URL
    /// Activities run at once by this process's workers.
    public var workerSlots: Int
    /// How long a claimed activity stays with a worker that stops renewing its lease.
    public var leaseDuration: Duration
    /// How often a worker renews its leases.
    public var heartbeatInterval: Duration
    /// Claims of one activity after which lost leases fail it.
    public var maxLeaseAttempts: Int
    /// Where `floe run` puts imported files.
    public var inputBucket: String
    /// Where outputs go when a template names no output location.
    public var outputBucket: String
    /// The `ffmpeg` and `ffprobe` executables; found on `PATH` when `nil`.
    public var ffmpegPath: String?
    public var ffprobePath: String?
    /// The address the API listens on (`127.0.0.1` by default: loopback only).
    public var host: String
    /// The port the API listens on (8080 by default; 0 picks a free one).
    public var port: Int
    /// How often the local folder watcher scans the bound locations of local buckets (1 s by default).
    public var watchInterval: Duration
    /// How long a local file's size and mtime must stand still before it triggers (2 s by default).
    public var settleInterval: Duration
    /// Buckets kept on an S3-compatible service; `nil` keeps every bucket in ``storageDirectory``.
    public var s3: S3Backend?
    /// How often the S3 bucket poller lists the bound locations of the ``s3`` buckets (5 s by default).
    public var s3PollInterval: Duration
    /// Internal address blocks HTTP callbacks may reach anyway (none by default: no loopback, private,
    /// link-local or metadata addresses).
    public var callbackAllow: [IPNetwork] = []
    /// How long a callback receiver has to answer (3 s by default, as IMS).
    public var callbackTimeout: Duration = .seconds(3)
    /// How long an undelivered callback is tried before it is dead (24 h by default).
    public var callbackMaxAge: Duration = .seconds(24 * 3600)
    /// The longest wait between two attempts at a callback (5 min by default).
    public var callbackMaxBackoff: Duration = .seconds(300)
    /// How long a delivered callback event is kept before it is deleted (7 days by default; nil: for ever).
    public var callbackRetention: Duration? = .seconds(7 * 24 * 3600)
    /// What this process does (every role by default); see ``Role``.
    public var roles: Set<Role> = Set(Role.allCases)
    /// How long an `ffmpeg` may write no progress before it is killed and its attempt retried (60 s by default;
    /// `nil`: never).
    public var stallTimeout: Duration? = .seconds(60)
    /// Where every `ffprobe` of this application shares its readings of local files (``ProbeCache/shared`` by
    /// default; a test gives its own).
    public var probeCache: ProbeCache = .shared
    /// The libavformat that reads, in Floe's process, the files Floe's FFmpeg encoded
    /// (``FFmpegConfiguration/probeLibrary``; by default the one Floe was built against); `nil`: `ffprobe`
    /// reads every file.
    public var probeLibrary: String? = LibavProbe.defaultLibrary
    /// Whether a worker pool looks for hardware video encoders (NVENC, VA-API, QSV) when it starts, to encode with
    /// them and advertise them (true by default; `--no-hardware`, `hardware: false`).
    public var detectHardware = true
    /// A PostgreSQL database (`postgres://user:password@host:port/database?sslmode=…`) that holds the store
    /// instead of the data folder's SQLite file; `nil` (the default) uses the file.
    public var databaseURL: String?
    /// How long opening the ``databaseURL`` store (connecting and migrating) may take before Floe gives up.
    public var databaseOpenTimeout: Duration = .seconds(30)

    public init(dataDirectory: URL = URL(filePath: "floe-data", directoryHint: .isDirectory), workerSlots: Int = 2,
                leaseDuration: Duration = .seconds(30), heartbeatInterval: Duration = .seconds(5), maxLeaseAttempts: Int = 5,
                inputBucket: String = "floe-input", outputBucket: String = "floe-output",
                ffmpegPath: String? = nil, ffprobePath: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
                watchInterval: Duration = .seconds(1), settleInterval: Duration = .seconds(2),
                s3: S3Backend? = nil, s3PollInterval: Duration = .seconds(5)) {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.workerSlots = workerSlots
        self.leaseDuration = leaseDuration
        self.heartbeatInterval = heartbeatInterval
        self.maxLeaseAttempts = maxLeaseAttempts
        self.inputBucket = inputBucket
        self.outputBucket = outputBucket
        self.ffmpegPath = ffmpegPath
        self.ffprobePath = ffprobePath
        self.host = host
        self.port = port
        self.watchInterval = watchInterval
        self.settleInterval = settleInterval
        self.s3 = s3
        self.s3PollInterval = s3PollInterval
    }

    /// Where FFmpeg is.
    var ffmpeg: FFmpegConfiguration {
        var ffmpeg = FFmpegConfiguration(ffmpegPath: ffmpegPath, ffprobePath: ffprobePath, stallTimeout: stallTimeout)
        ffmpeg.probeCache = probeCache
        ffmpeg.probeLibrary = probeLibrary
        return ffmpeg
    }

    /// The SQLite database file.
    public var databaseFile: URL { dataDirectory.appending(path: "floe.sqlite") }
    /// The root AccessKey `floe serve` writes on its first start (an INI profile, mode 0600).
    public var credentialsFile: URL { dataDirectory.appending(path: "credentials") }
    /// The key file that seals access key secrets at rest.
    public var secretKeyFile: URL { dataDirectory.appending(path: "secret.key") }
    /// The folder of local buckets.
    public var storageDirectory: URL { dataDirectory.appending(path: "storage", directoryHint: .isDirectory) }
    /// Where the parts of multipart uploads to the S3 endpoint wait until they complete.
    public var multipartDirectory: URL { dataDirectory.appending(path: "multipart", directoryHint: .isDirectory) }
    /// The parent of activities' scratch folders.
    public var scratchDirectory: URL { dataDirectory.appending(path: "scratch", directoryHint: .isDirectory) }
}
