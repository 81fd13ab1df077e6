import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { Layout } from './components/layout';
import { RouteError } from './components/route-error';

// Every page is its own chunk: the first visit downloads the shell and the page it opens.
const HomePage = lazy(() => import('./pages/home-page'));
const SignInPage = lazy(() => import('./pages/sign-in-page'));
const RegisterPage = lazy(() => import('./pages/register-page'));
const ConfirmRegistrationPage = lazy(() => import('./pages/confirm-registration-page'));
const ForgotPasswordPage = lazy(() => import('./pages/forgot-password-page'));
const ResetPasswordPage = lazy(() => import('./pages/reset-password-page'));
const ProfilePage = lazy(() => import('./pages/profile-page'));
const DirectoryPage = lazy(() => import('./pages/directory-page'));
const OrganisationPage = lazy(() => import('./pages/organisation-page'));
const OrganisationFormPage = lazy(() => import('./pages/organisation-form-page'));
const OrganisationTranslationPage = lazy(() => import('./pages/organisation-translation-page'));
const EventsPage = lazy(() => import('./pages/events-page'));
const EventPage = lazy(() => import('./pages/event-page'));
const EventFormPage = lazy(() => import('./pages/event-form-page'));
const EventTranslationPage = lazy(() => import('./pages/event-translation-page'));
const MaterialsPage = lazy(() => import('./pages/materials-page'));
const MaterialPage = lazy(() => import('./pages/material-page'));
const RoomsPage = lazy(() => import('./pages/rooms-page'));
const RoomPage = lazy(() => import('./pages/room-page'));
const CaseStudyPage = lazy(() => import('./pages/case-study-page'));
const CaseStudyFormPage = lazy(() => import('./pages/case-study-form-page'));
const CaseStudyTranslationPage = lazy(() => import('./pages/case-study-translation-page'));
const CaseStudyDraftsPage = lazy(() => import('./pages/case-study-drafts-page'));
const CaseStudyItemsTranslationPage = lazy(() => import('./pages/case-study-items-translation-page'));
const TranslationTasksPage = lazy(() => import('./pages/translation-tasks-page'));
const SearchPage = lazy(() => import('./pages/search-page'));
const ImportPage = lazy(() => import('./pages/import-page'));
const PeoplePage = lazy(() => import('./pages/people-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

const router = createBrowserRouter([
  {
    element: <Layout />,
    // Only when the layout itself fails; a page's failure is shown inside the layout (below).
    errorElement: <RouteError />,
    children: [
      {
        // A page that cannot load or render (a chunk gone after a redeploy, say) is replaced by a
        // translated explanation, with the header and navigation still there.
        errorElement: <RouteError />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/sign-in', element: <SignInPage /> },
          { path: '/register', element: <RegisterPage /> },
          { path: '/confirm-registration', element: <ConfirmRegistrationPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
          { path: '/reset-password', element: <ResetPasswordPage /> },
          { path: '/profile', element: <ProfilePage /> },
          { path: '/directory', element: <DirectoryPage /> },
          { path: '/organisations/new', element: <OrganisationFormPage /> },
          { path: '/organisations/:id', element: <OrganisationPage /> },
          { path: '/organisations/:id/edit', element: <OrganisationFormPage /> },
          { path: '/organisations/:id/translate', element: <OrganisationTranslationPage /> },
          { path: '/events', element: <EventsPage /> },
          { path: '/events/new', element: <EventFormPage /> },
          { path: '/events/:id', element: <EventPage /> },
          { path: '/events/:id/edit', element: <EventFormPage /> },
          { path: '/events/:id/translate', element: <EventTranslationPage /> },
          { path: '/materials', element: <MaterialsPage /> },
          { path: '/materials/:id', element: <MaterialPage /> },
          { path: '/rooms', element: <RoomsPage /> },
          { path: '/rooms/:id', element: <RoomPage /> },
          { path: '/case-studies/new', element: <CaseStudyFormPage /> },
          { path: '/case-studies/drafts', element: <CaseStudyDraftsPage /> },
          { path: '/case-studies/:slug', element: <CaseStudyPage /> },
          { path: '/case-studies/:slug/edit', element: <CaseStudyFormPage /> },
          { path: '/case-studies/:slug/translate', element: <CaseStudyTranslationPage /> },
          { path: '/case-studies/:slug/translate-items', element: <CaseStudyItemsTranslationPage /> },
          { path: '/translations', element: <TranslationTasksPage /> },
          { path: '/search', element: <SearchPage /> },
          { path: '/import', element: <ImportPage /> },
          { path: '/people', element: <PeoplePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
