using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.EndToEnd;

/// <summary>
/// The app on Kestrel (Development, fresh data folder) and a headless Chromium for a chat test class. The clock
/// stands on Wednesday 10 June 2026, 10:00 in Brussels, so "tomorrow" is always a working day.
/// </summary>
public class ChatAppFixture : BrowserFixture
{
    public static readonly Instant Now = AppHost.Wednesday;

    /// <summary>How the agent names the fixed clock's tomorrow.</summary>
    public const string Tomorrow = "tomorrow (Thursday 11 June)";
}
