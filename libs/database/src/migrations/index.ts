import { Extensions1763800000000 } from './1763800000000-extensions';
import { Countries1763800000100 } from './1763800000100-countries';
import { Accounts1763800000200 } from './1763800000200-accounts';
import { Network1763800000300 } from './1763800000300-network';
import { SeedRuns1763800000400 } from './1763800000400-seed-runs';
import { Knowledge1763900000000 } from './1763900000000-knowledge';
import { KnowledgeTags1763900000100 } from './1763900000100-knowledge-tags';
import { Discussions1764000000000 } from './1764000000000-discussions';
import { Events1764100000000 } from './1764100000000-events';
import { Materials1764100000100 } from './1764100000100-materials';
import { Search1764200000000 } from './1764200000000-search';
import { SearchBrowse1764200000100 } from './1764200000100-search-browse';
import { SearchWindow1764200000200 } from './1764200000200-search-window';
import { SearchReannounce1764200000300 } from './1764200000300-search-reannounce';
import { SearchSpeed1764200000400 } from './1764200000400-search-speed';
import { SearchHighlight1764200000500 } from './1764200000500-search-highlight';
import { TokenVersion1764300000000 } from './1764300000000-token-version';
import { PasswordReset1764300000100 } from './1764300000100-password-reset';
import { SearchRowStorage1764400000000 } from './1764400000000-search-row-storage';
import { SearchIndexVersion1764400000100 } from './1764400000100-search-index-version';
import { Registration1764400000200 } from './1764400000200-registration';
import { EventPlaceTranslation1764500000000 } from './1764500000000-event-place-translation';
import { OrganisationInvitation1764500000100 } from './1764500000100-organisation-invitation';
import { MailQueue1764600000000 } from './1764600000000-mail-queue';
import { MentionMail1764600000100 } from './1764600000100-mention-mail';
import { CaseStudyRegionTranslation1764600000200 } from './1764600000200-case-study-region-translation';
import { AccountSuspension1764700000000 } from './1764700000000-account-suspension';
import { EventReminder1764700000100 } from './1764700000100-event-reminder';
import { MessageReport1764800000000 } from './1764800000000-message-report';
import { ThreadRead1764800000100 } from './1764800000100-thread-read';
import { SearchCountryNames1764900000000 } from './1764900000000-search-country-names';
import { CaseStudyListingByPublication1765000000000 } from './1765000000000-case-study-listing-by-publication';
import { ReportMail1765100000000 } from './1765100000000-report-mail';
import { RoomTitleAndReactionEmoji1765200000000 } from './1765200000000-room-title-and-reaction-emoji';
import { SuspensionByAdmin1765300000000 } from './1765300000000-suspension-by-admin';
import { ComposedEmailAddresses1765400000000 } from './1765400000000-composed-email-addresses';
import { OriginalsNotMachineTranslated1765500000000 } from './1765500000000-originals-not-machine-translated';
import { EditsStampedInOrder1765600000000 } from './1765600000000-edits-stamped-in-order';
import { ItemEditsStampedInOrder1765700000000 } from './1765700000000-item-edits-stamped-in-order';
import { AgendaSpeakersTranslated1765800000000 } from './1765800000000-agenda-speakers-translated';

/** Every schema change, in order. A new migration is added here and nowhere else. */
export const MIGRATIONS = [
  Extensions1763800000000,
  Countries1763800000100,
  Accounts1763800000200,
  Network1763800000300,
  SeedRuns1763800000400,
  Knowledge1763900000000,
  KnowledgeTags1763900000100,
  Discussions1764000000000,
  Events1764100000000,
  Materials1764100000100,
  Search1764200000000,
  SearchBrowse1764200000100,
  SearchWindow1764200000200,
  SearchReannounce1764200000300,
  SearchSpeed1764200000400,
  SearchHighlight1764200000500,
  TokenVersion1764300000000,
  PasswordReset1764300000100,
  SearchRowStorage1764400000000,
  SearchIndexVersion1764400000100,
  Registration1764400000200,
  EventPlaceTranslation1764500000000,
  OrganisationInvitation1764500000100,
  MailQueue1764600000000,
  MentionMail1764600000100,
  CaseStudyRegionTranslation1764600000200,
  AccountSuspension1764700000000,
  EventReminder1764700000100,
  MessageReport1764800000000,
  ThreadRead1764800000100,
  SearchCountryNames1764900000000,
  CaseStudyListingByPublication1765000000000,
  ReportMail1765100000000,
  RoomTitleAndReactionEmoji1765200000000,
  SuspensionByAdmin1765300000000,
  ComposedEmailAddresses1765400000000,
  OriginalsNotMachineTranslated1765500000000,
  EditsStampedInOrder1765600000000,
  ItemEditsStampedInOrder1765700000000,
  AgendaSpeakersTranslated1765800000000,
];
