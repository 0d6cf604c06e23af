using CustomerScoring.Csv;
using FsCheck.Xunit;
using Xunit;

namespace CustomerScoring.Tests.Csv;

/// <summary>
/// The scorecard file's direct writes (O_DIRECT, whole 4 KB blocks from a 4 MB buffer, the last block padded and the file
/// cut): every byte arrives, in order, and the file has exactly the length written, whatever the lengths and chunking.
/// </summary>
public sealed class DirectFileStreamTests : IDisposable
{
    // Beside the test binaries (the repository's file system, where direct writes work), not in a temporary folder that
    // may be a memory file system.
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "direct-" + Guid.NewGuid().ToString("N"))).FullName;

    private static readonly int[] Lengths = [0, 1, 4095, 4096, 4097, (4 << 20) - 1, 4 << 20, (4 << 20) + 1, (9 << 20) + 123];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Property(MaxTest = 40)]
    public void Every_byte_arrives_and_the_file_has_the_length_written(int seed)
    {
        var rng = new Random(seed);
        int length = rng.Next(3) == 0 ? rng.Next(12 << 20) : Lengths[rng.Next(Lengths.Length)];
        byte[] data = new byte[length];
        rng.NextBytes(data);
        string path = Path.Combine(_dir, "card.csv");
        File.WriteAllBytes(path, new byte[length + 5000]); // a longer file before: the new one replaces it

        using (Stream stream = DirectFileStream.Create(path, 1 << 16))
        {
            Assert.IsType<DirectFileStream>(stream); // the direct path, not the fallback, on this file system
            for (int at = 0; at < length;)
            {
                int n = Math.Min(length - at, rng.Next(4) == 0 ? rng.Next(1, 9 << 20) : rng.Next(1, 70_000));
                if (rng.Next(2) == 0)
                {
                    stream.Write(data.AsSpan(at, n));
                }
                else
                {
                    stream.Write(data, at, n);
                }

                at += n;
            }
        }

        Assert.Equal(length, new FileInfo(path).Length);
        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(data));
    }

    [Fact]
    public void Devices_and_pipes_get_an_ordinary_stream()
    {
        using (Stream stream = DirectFileStream.Create("/dev/null", 1 << 16))
        {
            Assert.IsType<FileStream>(stream);
            stream.Write(new byte[10_000]);
        }

        Assert.True(SpecialFile.Is("/dev/null"));
    }
}
