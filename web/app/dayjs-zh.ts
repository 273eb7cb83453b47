import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { locale } from './i18n';

// Date pickers name months and weekdays in Chinese (dayjs's own English otherwise). Set with the
// first page that can hold a picker (router.tsx), not at start: dayjs is not needed by the login and
// home pages.
if (locale === 'zh') dayjs.locale('zh-cn');
