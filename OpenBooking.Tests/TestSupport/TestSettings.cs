namespace OpenBooking.Tests.TestSupport;

/// <summary>
/// Settings for a test host on top of the app's embedded defaults, built fluently:
/// <c>TestSettings.Notifications().With("Notifications:ReminderLeadHours", "2")</c>.
/// </summary>
public sealed class TestSettings : Dictionary<string, string?>
{
    public const string BusinessName = "Studio Anna";
    public const string PublicBaseUrl = "https://book.example.com";
    public const string EmailFrom = "bookings@studio.example";

    /// <summary>For notification and webhook tests: a named business, no background loops (tests run passes by hand).</summary>
    public static TestSettings Notifications() => new TestSettings().WithoutBackgroundWork().WithNamedBusiness();

    public TestSettings With(string key, string? value)
    {
        this[key] = value;
        return this;
    }

    public TestSettings With(IEnumerable<KeyValuePair<string, string?>> values)
    {
        foreach (var (key, value) in values)
        {
            this[key] = value;
        }
        return this;
    }

    /// <summary>
    /// No outbox dispatcher or reminder scheduler in the background: a test that runs passes by hand with the fake
    /// clock, or sends emails itself, is not raced by them.
    /// </summary>
    public TestSettings WithoutBackgroundWork() => With("Notifications:RunInBackground", "false");

    /// <summary>A business with a name, a public base URL for absolute links and its own sender address.</summary>
    public TestSettings WithNamedBusiness() =>
        With("Business:Name", BusinessName).With("Business:PublicBaseUrl", PublicBaseUrl).With("Email:From", EmailFrom);
}
