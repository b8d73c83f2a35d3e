namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// Tests that count EF Core's commands from its process-wide diagnostic events (<see cref="SqlCommandCounter"/>) run
/// alone: another test's activity listeners and hosts running at the same moment put extra events on those listeners.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialDiagnostics
{
    public const string Name = "Process-wide diagnostics";
}
