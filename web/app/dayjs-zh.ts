import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

// Date pickers name months and weekdays in Chinese. Set with the first page that can hold a picker
// (router.tsx), not at start: dayjs is not needed by the login and home pages.
dayjs.locale('zh-cn');
