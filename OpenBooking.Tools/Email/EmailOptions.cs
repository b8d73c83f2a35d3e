using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Email;

public enum EmailProvider
{
    Pickup,
    Smtp,
    AzureCommunicationServices,
}

/// <summary>Bound to the <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailProvider Provider { get; set; } = EmailProvider.Pickup;

    [Required, EmailAddress]
    public string From { get; set; } = "bookings@openbooking.local";

    /// <summary>Where the pickup sender writes .eml files; relative to the data directory.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "mail";
}
