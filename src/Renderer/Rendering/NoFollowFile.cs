using System.Runtime.InteropServices;
using System.Text;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// A file the directory walk found, opened on Linux by the C library itself: <c>openat</c> with <c>O_NOFOLLOW</c>,
/// then <c>read</c> and <c>close</c>, three system calls. <see cref="File.OpenHandle(string, FileMode, FileAccess,
/// FileShare, FileOptions, long)"/> makes three more per file: an <c>fstat</c> (it refuses directories) and an advisory
/// <c>flock</c> taken and dropped, which every read-only open takes whatever its <see cref="FileShare"/> (only
/// <c>System.IO.DisableFileLocking</c> turns it off, for every file the process opens). <c>O_NOFOLLOW</c> makes the
/// kernel refuse a file that became a symbolic link after the walk looked at it (<see cref="IsLink"/>), and
/// <c>O_NONBLOCK</c> keeps a FIFO from blocking the read (it has no effect on a regular file). Anything else that goes
/// wrong is left to <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/>, so
/// every message stays the runtime's: a failed open is neither open nor a link, and <see cref="Read"/> says -1.
/// A default instance is not open. The owner disposes it once; copies share the descriptor.
/// </summary>
internal readonly struct NoFollowFile : IDisposable
{
    // open(2) flags, the same on x64 and arm64 Linux but O_NOFOLLOW (asm-generic/fcntl.h, arch/arm64/.../fcntl.h).
    private const int ReadOnlyFlags = 0x80000 /* O_CLOEXEC */ | 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */;
    private const int ErrorInterrupted = 4;   // EINTR
    private const int ErrorLinkLoop = 40;     // ELOOP: the last part of the path is a symbolic link
    private const int MaxStackPath = 512;

    private static readonly int NoFollowFlag = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x20000,
        Architecture.Arm64 => 0x8000,
        _ => 0,
    };

    private static bool _unavailable = !OperatingSystem.IsLinux() || NoFollowFlag == 0;

    private readonly int _descriptorPlusOne;

    private NoFollowFile(int descriptor, bool isLink)
    {
        _descriptorPlusOne = descriptor + 1;
        IsLink = isLink;
    }

    /// <summary>Whether the file is open to <see cref="Read"/>.</summary>
    public bool IsOpen => _descriptorPlusOne > 0;

    /// <summary>Whether the kernel refused to open it because the path's last part is a symbolic link.</summary>
    public bool IsLink { get; }

    /// <summary>Opens <paramref name="path"/> read-only without following a link; not open where that is not available.</summary>
    public static NoFollowFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_unavailable || path.Contains('\0', StringComparison.Ordinal))
        {
            return default;
        }

        var length = Encoding.UTF8.GetByteCount(path);
        var utf8 = length < MaxStackPath ? stackalloc byte[MaxStackPath] : new byte[length + 1];
        utf8[Encoding.UTF8.GetBytes(path, utf8)] = 0;
        try
        {
            var descriptor = OpenAt(ref MemoryMarshal.GetReference(utf8), ReadOnlyFlags | NoFollowFlag, 0);
            return descriptor >= 0 ? new NoFollowFile(descriptor, false)
                : new NoFollowFile(-1, Marshal.GetLastPInvokeError() == ErrorLinkLoop);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // a C library without these entry points: the runtime's open from now on
            return default;
        }
    }

    /// <summary>Reads from where the last read ended into <paramref name="into"/>: the count read, 0 at the end, -1 on an error.</summary>
    public int Read(Span<byte> into)
    {
        if (!IsOpen)
        {
            return -1;
        }

        while (true)
        {
            var read = ReadInto(_descriptorPlusOne - 1, ref MemoryMarshal.GetReference(into), into.Length);
            if (read >= 0 || Marshal.GetLastPInvokeError() != ErrorInterrupted)
            {
                return (int)Math.Max(read, -1);
            }
        }
    }

    /// <summary>Closes the file (an error on close is not the reader's: the bytes were read).</summary>
    public void Dispose()
    {
        if (IsOpen)
        {
            _ = CloseDescriptor(_descriptorPlusOne - 1);
        }
    }

    // DllImport, not LibraryImport: LibraryImport would need unsafe code; a ref to the first byte is pinned for the call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int OpenAt(ref byte path, int flags, int mode);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint ReadInto(int descriptor, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int CloseDescriptor(int descriptor);
#pragma warning restore SYSLIB1054
}
