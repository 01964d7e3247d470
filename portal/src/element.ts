// The Element Plus components the portal uses, registered one by one so the build carries only these (the whole
// library is half again as large). A component missing here renders as an unknown element: add it to the list.
import * as EP from 'element-plus'
import type { App, Plugin } from 'vue'

const used: Plugin[] = [
  EP.ElAlert,
  EP.ElAside,
  EP.ElAvatar,
  EP.ElBadge,
  EP.ElButton,
  EP.ElCard,
  EP.ElCheckbox,
  EP.ElCheckboxGroup,
  EP.ElConfigProvider,
  EP.ElContainer,
  EP.ElDatePicker,
  EP.ElDescriptions,
  EP.ElDescriptionsItem,
  EP.ElDialog,
  EP.ElDivider,
  EP.ElDrawer,
  EP.ElDropdown,
  EP.ElDropdownItem,
  EP.ElDropdownMenu,
  EP.ElEmpty,
  EP.ElForm,
  EP.ElFormItem,
  EP.ElHeader,
  EP.ElIcon,
  EP.ElInput,
  EP.ElInputNumber,
  EP.ElLoading, // v-loading
  EP.ElMain,
  EP.ElMenu,
  EP.ElMenuItem,
  EP.ElProgress,
  EP.ElOption,
  EP.ElRadio,
  EP.ElRadioButton,
  EP.ElRadioGroup,
  EP.ElResult,
  EP.ElSelect,
  EP.ElSkeleton,
  EP.ElStatistic,
  EP.ElSubMenu,
  EP.ElSwitch,
  EP.ElTabPane,
  EP.ElTable,
  EP.ElTableColumn,
  EP.ElTabs,
  EP.ElTag,
  EP.ElTooltip,
  EP.ElTree,
  EP.ElTreeSelect,
  EP.ElUpload,
]

/** Registers the components (and the v-loading directive) on the app. */
export function useElement(app: App): void {
  for (const p of used) app.use(p)
}
