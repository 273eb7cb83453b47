import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

// Apart from the hooks, so the modules that only refresh an item's history (the notification bell's
// among them, on every page) do not bring the change requests' endpoints into the first download.
export const changeRequestKeys = {
  ofConsultation: (consultationId: number) => [...consultationKeys.one(consultationId), 'change-requests'] as const,
  ofItem: (itemId: number) => [...itemKeys.one(itemId), 'change-requests'] as const,
  history: (itemId: number) => [...itemKeys.one(itemId), 'history'] as const,
};
