using NodaTime;

namespace OpenBooking.Web.Agent.Llm;

/// <summary>
/// The chat model's latest failure, for the dashboard: what went wrong and when, cleared by the next answer. Per process
/// (a restart forgets it); the error text is the SDK's message, which never carries the key.
/// </summary>
public sealed class ModelHealth
{
    private volatile Failure? _failure;

    public sealed record Failure(string Error, Instant At);

    /// <summary>The failure since the last answer, if any.</summary>
    public Failure? LastFailure => _failure;

    public void Failed(string error, Instant at) => _failure = new Failure(error, at);

    public void Answered() => _failure = null;
}
