using System.Runtime.InteropServices;

namespace CustomerScoring.Csv;

/// <summary>
/// Whether a path names an existing device, pipe or socket (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe such as the
/// <c>/dev/fd/63</c> of a shell's <c>&gt;(...)</c>) rather than a regular file. The command writes such an output in place,
/// since renaming a finished temporary file over it would replace the device or pipe with a regular file, and
/// <see cref="DirectFileStream"/> writes it through an ordinary stream (direct writes to a pipe would make it a packet pipe).
/// </summary>
internal static partial class SpecialFile
{
    private const int AtFdCwd = -100; // AT_FDCWD
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int TypeMask = 0xF000; // S_IFMT
    private const int Regular = 0x8000; // S_IFREG
    private const int Directory = 0x4000; // S_IFDIR

    /// <summary>True when <paramref name="path"/> exists (links followed) and is neither a regular file nor a folder (Linux).</summary>
    public static bool Is(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct statx has the same layout on every Linux architecture: stx_mode is the 16-bit field at byte 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return false; // absent (or not statable): the ordinary path reports what goes wrong
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        int type = BitConverter.ToUInt16(buffer[28..]) & TypeMask;
        return type != Regular && type != Directory;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte result);
}
