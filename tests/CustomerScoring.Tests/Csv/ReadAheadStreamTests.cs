using System.Text;
using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// The read-ahead stream that a file is read through while another thread parses it: the same bytes in the same order
/// whatever the lengths of the source's reads and of the caller's, the source's failure where its bytes end, and a
/// dispose that stops the thread before the source is closed.
/// </summary>
public sealed class ReadAheadStreamTests
{
    private const int Buffer = ReadAheadStream.BufferBytes;

    private static readonly int[] Lengths = [0, 1, Buffer - 1, Buffer, Buffer + 1, ReadAheadStream.Buffers * Buffer, (ReadAheadStream.Buffers + 1) * Buffer + 7];

    [Property(MaxTest = 60)]
    public void The_caller_gets_every_byte_in_order_and_then_the_end(int seed)
    {
        var rng = new Random(seed);
        int length = rng.Next(3) == 0 ? rng.Next(3 * Buffer * ReadAheadStream.Buffers) : Lengths[rng.Next(Lengths.Length)];
        byte[] data = new byte[length];
        rng.NextBytes(data);

        var read = new List<byte>(length);
        using (var stream = new ReadAheadStream(new ChunkyStream(data, maxRead: rng.Next(1, 2 * Buffer), failAt: null, seed)))
        {
            byte[] into = new byte[3 * Buffer];
            while (true)
            {
                int want = rng.Next(4) == 0 ? rng.Next(0, into.Length) : rng.Next(1, 70_000);
                int n = rng.Next(2) == 0 ? stream.Read(into.AsSpan(0, want)) : stream.Read(into, 0, want);
                Assert.InRange(n, 0, want);
                if (n == 0 && want > 0)
                {
                    break;
                }

                read.AddRange(into.AsSpan(0, n));
            }

            Assert.Equal(0, stream.Read(into)); // the end stays the end
        }

        Assert.True(read.ToArray().AsSpan().SequenceEqual(data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(Buffer)]
    [InlineData(5 * Buffer + 3)]
    public void A_failing_source_fails_the_caller_where_its_bytes_end(int failAt)
    {
        byte[] data = new byte[failAt + 10_000];
        new Random(failAt).NextBytes(data);
        var source = new ChunkyStream(data, maxRead: 50_000, failAt: failAt, seed: 1);

        using var stream = new ReadAheadStream(source);
        var read = new MemoryStream();
        byte[] into = new byte[30_000];
        IOException e = Assert.Throws<IOException>(() =>
        {
            int n;
            while ((n = stream.Read(into)) > 0)
            {
                read.Write(into, 0, n);
            }
        });

        Assert.Same(source.Failure, e); // the source's own exception, not a wrapper
        Assert.Contains(nameof(ChunkyStream.Read), e.StackTrace, StringComparison.Ordinal); // with the stack where it was thrown
        Assert.True(read.ToArray().AsSpan().SequenceEqual(data.AsSpan(0, failAt)));
    }

    [Fact]
    public void Disposing_stops_the_reading_and_then_closes_the_source()
    {
        var source = new EndlessStream();
        var stream = new ReadAheadStream(source);
        Assert.Equal(100, stream.Read(new byte[100]));
        stream.Dispose(); // returns although the source never ends: the thread stops at the next free buffer

        Assert.True(source.Disposed);
        Assert.False(source.ReadAfterDispose);
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }

    [Fact]
    public void A_missing_file_fails_when_it_is_opened()
    {
        string path = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N"), "sales.csv");
        Assert.Throws<DirectoryNotFoundException>(() => ReadAheadStream.OpenFile(path));
        Assert.Throws<FileNotFoundException>(() => ReadAheadStream.OpenFile(Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".csv")));
    }

    [Fact]
    public void A_named_pipe_reads_as_the_regular_file_with_its_bytes_does()
    {
        // Pipes and devices are read on the parsing thread as before (a read there may wait for the writer); a regular
        // file is read ahead. Both give what the same bytes give.
        string dir = Directory.CreateTempSubdirectory("fifo-").FullName;
        string fifo = Path.Combine(dir, "pipe.csv"), file = Path.Combine(dir, "file.csv");
        try
        {
            var csv = new StringBuilder("customer_id,timestamp,amount\n");
            for (int i = 0; csv.Length < 3 * Buffer; i++)
            {
                csv.Append($"c{i % 777},2024-{1 + (i % 12):00}-{1 + (i % 28):00},{i % 1000}.{i % 100:00}\n");
            }

            File.WriteAllText(file, csv.ToString());
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var writer = new Thread(() =>
            {
                using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                pipe.Write(Encoding.UTF8.GetBytes(csv.ToString()));
            }) { IsBackground = true };
            writer.Start();

            CsvImportResult fromPipe = TransactionCsvReader.ReadFile(fifo);
            writer.Join();
            CsvImportResult fromFile = TransactionCsvReader.ReadFile(file);
            Assert.Equal(fromFile.Report.ToString(), fromPipe.Report.ToString());
            Assert.Equal(CsvText.Rows(fromFile.Transactions), CsvText.Rows(fromPipe.Transactions));
            Assert.True(fromFile.Report.Transactions > 20_000);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_file_read_by_path_gives_what_the_same_bytes_read_from_a_stream_give()
    {
        // Several read-ahead buffers of records, a quoted field with a line break and bad lines spread over the file.
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        var rng = new Random(7);
        for (int i = 0; csv.Length < 5 * Buffer; i++)
        {
            csv.Append(i % 997 == 0 ? "\"c\n" + rng.Next(500) + "\"" : "c" + rng.Next(5000)).Append(',');
            csv.Append(i % 1009 == 0 ? "not a date" : $"2024-{1 + (i % 12):00}-{1 + (i % 28):00} {i % 24:00}:{i % 60:00}:00").Append(',');
            csv.Append(i % 1013 == 0 ? "x" : (rng.Next(1, 100_000) / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        string path = Path.Combine(Path.GetTempPath(), "read-ahead-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, csv.ToString());
        try
        {
            var options = new CsvImportOptions { OnError = CsvErrorHandling.Skip, MaxRejectedShare = null };
            CsvImportResult byPath = TransactionCsvReader.ReadFile(path, options);
            using var bytes = new MemoryStream(File.ReadAllBytes(path));
            CsvImportResult byStream = TransactionCsvReader.Read(bytes, options);

            Assert.True(byPath.Report.LinesRejected > 0);
            Assert.True(byPath.Report.IsBalanced);
            Assert.Equal(byStream.Report.ToString(), byPath.Report.ToString());
            Assert.Equal(byStream.Report.Rejections.Select(r => r.ToString()), byPath.Report.Rejections.Select(r => r.ToString()));
            Assert.Equal(CsvText.Rows(byStream.Transactions), CsvText.Rows(byPath.Transactions));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A source that returns its bytes in reads of random lengths and may fail at a given position.</summary>
    private sealed class ChunkyStream(byte[] data, int maxRead, int? failAt, int seed) : SourceStream
    {
        private readonly Random _rng = new(seed);
        private int _at;

        public IOException Failure { get; } = new("The disk went away.");

        public override int Read(byte[] buffer, int offset, int count)
        {
            int end = failAt ?? data.Length;
            if (_at == end && failAt is not null)
            {
                throw Failure;
            }

            int n = Math.Min(Math.Min(count, _rng.Next(1, maxRead + 1)), end - _at);
            data.AsSpan(_at, n).CopyTo(buffer.AsSpan(offset));
            _at += n;
            return n;
        }
    }

    /// <summary>A source that never ends and records whether it was read after being disposed.</summary>
    private sealed class EndlessStream : SourceStream
    {
        public bool Disposed { get; private set; }

        public bool ReadAfterDispose { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ReadAfterDispose |= Disposed;
            buffer.AsSpan(offset, count).Fill((byte)'x');
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only, forward-only source: what the read-ahead thread reads.</summary>
    private abstract class SourceStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
