using System.Runtime.InteropServices;

namespace GitGateway.Reconciler.Git;

/// <summary>SIGTERM for the graceful half of stopping a process; .NET's Process.Kill only sends SIGKILL.</summary>
internal static class UnixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to terminate; false when it is already gone.</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    // DllImport, not LibraryImport: both arguments are blittable ints and LibraryImport would need unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
