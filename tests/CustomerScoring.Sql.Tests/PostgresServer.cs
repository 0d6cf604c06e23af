using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace CustomerScoring.Sql.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: Debian's initdb and pg_ctl (/usr/lib/postgresql/*/bin, newest version)
/// create a cluster in a temporary folder and start it on a unix socket in that folder (no TCP listener, so parallel
/// runs of other projects cannot collide); disposing stops it and deletes the folder. When the process runs as root, the
/// server runs as the <c>postgres</c> OS user (through runuser) and the folder is given to that user. Missing binaries
/// or a server that does not start make the tests fail, never skip.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgres;
    private bool _started;

    public PostgresServer()
    {
        _bin = FindBin();
        _asPostgres = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("customerscoring-pg-").FullName;
        _data = Path.Combine(_root, "data");
        try
        {
            if (_asPostgres)
            {
                Run("chown", ["postgres:postgres", _root], asPostgres: false);
            }

            Port = FreePort();
            Run(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], _asPostgres);
            string serverOptions = string.Create(CultureInfo.InvariantCulture, $"-k {_root} -c listen_addresses= -p {Port} -c fsync=off -c full_page_writes=off");
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-o", serverOptions, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"], _asPostgres);
            _started = true;
            ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = _root,
                Port = Port,
                Username = "postgres",
                Database = "postgres",
                Pooling = false,
                Timeout = 30,
            }.ConnectionString;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The server's port (it names the unix socket file).</summary>
    public int Port { get; }

    /// <summary>A connection string to the cluster's postgres database as the postgres superuser.</summary>
    public string ConnectionString { get; } = string.Empty;

    public NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        try
        {
            if (_started)
            {
                _started = false;
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], _asPostgres);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string FindBin()
    {
        const string root = "/usr/lib/postgresql";
        string? bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "initdb")) && File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package " +
            "(apt-get install -y postgresql; .ci/run does this). The PostgreSQL tests fail rather than skip without a server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string[] arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add("postgres");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
        }

        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }
}

/// <summary>The test collection sharing one PostgreSQL cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
